-- Filiale store database: the workflow engine's tables become part of the store's schema.
-- Databases written by earlier versions already have them (the engine created them itself),
-- hence IF NOT EXISTS; the definitions are unchanged.

CREATE TABLE IF NOT EXISTS workflow_threads (
    thread_id          TEXT PRIMARY KEY,
    graph              TEXT NOT NULL,
    head_step          INTEGER NOT NULL,
    head_checkpoint_id TEXT NOT NULL,
    status             TEXT NOT NULL
                       CHECK (status IN ('running', 'interrupted', 'completed', 'failed')),
    decided            INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS workflow_threads_by_status ON workflow_threads (graph, status);

CREATE TABLE IF NOT EXISTS workflow_checkpoints (
    checkpoint_id TEXT PRIMARY KEY,
    thread_id     TEXT NOT NULL REFERENCES workflow_threads (thread_id),
    step          INTEGER NOT NULL,
    parent_id     TEXT,
    source        TEXT NOT NULL CHECK (source IN ('input', 'loop', 'update')),
    node          TEXT,
    state_json    TEXT NOT NULL,
    next_nodes    TEXT NOT NULL,
    status        TEXT NOT NULL
                  CHECK (status IN ('running', 'interrupted', 'completed', 'failed')),
    error         TEXT,
    created_at    TEXT NOT NULL,
    UNIQUE (thread_id, step)
);
