//! Building a state graph: named nodes over a serialisable state, static and conditional edges,
//! an entry point, END, and the nodes to pause before (`interrupt_before`).
//!
//! A [`StateGraph`] is only a description; [`StateGraph::compile`] checks it and binds it to a
//! checkpointer, giving a [`CompiledGraph`] that runs threads.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::checkpoint::CheckpointStore;
use crate::clock::Clock;
use crate::engine::CompiledGraph;
use crate::error::WorkflowError;

/// The pseudo-node that ends a thread.
pub const END: &str = "__end__";

/// What a node knows about the run it is part of.
#[derive(Debug, Clone)]
pub struct NodeContext {
    /// The thread being run; a node with side effects uses it as its idempotency key.
    pub thread_id: String,
    /// The step this node's result will be stored as.
    pub step: i64,
    /// The engine clock's time when the node started.
    pub now: DateTime<Utc>,
}

/// A node: takes the state, returns the next state. Runs at least once per visit — after a crash it
/// may run again, so a node with side effects must be idempotent (key them by `thread_id`).
pub type NodeFn<S> = Arc<dyn Fn(&NodeContext, S) -> anyhow::Result<S> + Send + Sync>;

/// A conditional edge's router: returns the name of the next node, or [`END`].
pub type RouterFn<S> = Arc<dyn Fn(&S) -> String + Send + Sync>;

/// Where a node leads.
pub(crate) enum Edge<S> {
    Static(String),
    Conditional {
        router: RouterFn<S>,
        targets: BTreeSet<String>,
    },
}

/// A graph under construction.
pub struct StateGraph<S> {
    pub(crate) name: String,
    pub(crate) nodes: BTreeMap<String, NodeFn<S>>,
    pub(crate) edges: BTreeMap<String, Edge<S>>,
    pub(crate) entry: Option<String>,
    pub(crate) interrupt_before: BTreeSet<String>,
    pub(crate) step_limit: usize,
    problems: Vec<String>,
}

impl<S> std::fmt::Debug for StateGraph<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateGraph")
            .field("name", &self.name)
            .field("nodes", &self.nodes.keys().collect::<Vec<_>>())
            .field("entry", &self.entry)
            .field("interrupt_before", &self.interrupt_before)
            .finish()
    }
}

impl<S: Serialize + DeserializeOwned + 'static> StateGraph<S> {
    /// An empty graph. `name` is stored with every thread so that threads of different graphs can
    /// share one checkpoint database.
    pub fn new(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            nodes: BTreeMap::new(),
            edges: BTreeMap::new(),
            entry: None,
            interrupt_before: BTreeSet::new(),
            step_limit: 100,
            problems: Vec::new(),
        }
    }

    /// Adds a node. Names must be unique and may not be [`END`].
    pub fn add_node<F>(mut self, name: &str, node: F) -> Self
    where
        F: Fn(&NodeContext, S) -> anyhow::Result<S> + Send + Sync + 'static,
    {
        if name.is_empty() || name == END {
            self.problems
                .push(format!("node name {name:?} is reserved"));
        } else if self.nodes.insert(name.to_owned(), Arc::new(node)).is_some() {
            self.problems.push(format!("node {name} added twice"));
        }
        self
    }

    /// After `from` always comes `to` (a node or [`END`]).
    pub fn add_edge(mut self, from: &str, to: &str) -> Self {
        if self
            .edges
            .insert(from.to_owned(), Edge::Static(to.to_owned()))
            .is_some()
        {
            self.problems
                .push(format!("node {from} has two outgoing edges"));
        }
        self
    }

    /// After `from` comes whatever `router` returns; it must be one of `targets`.
    pub fn add_conditional_edges<R>(mut self, from: &str, router: R, targets: &[&str]) -> Self
    where
        R: Fn(&S) -> String + Send + Sync + 'static,
    {
        let edge = Edge::Conditional {
            router: Arc::new(router),
            targets: targets.iter().map(|t| (*t).to_owned()).collect(),
        };
        if self.edges.insert(from.to_owned(), edge).is_some() {
            self.problems
                .push(format!("node {from} has two outgoing edges"));
        }
        self
    }

    /// The node a new thread starts with.
    pub fn set_entry_point(mut self, node: &str) -> Self {
        self.entry = Some(node.to_owned());
        self
    }

    /// Pauses a thread before each of these nodes until [`CompiledGraph::resume`] is called.
    pub fn interrupt_before(mut self, nodes: &[&str]) -> Self {
        self.interrupt_before
            .extend(nodes.iter().map(|n| (*n).to_owned()));
        self
    }

    /// The most nodes one call may run before it gives up (default 100): a guard against loops.
    pub fn step_limit(mut self, limit: usize) -> Self {
        self.step_limit = limit;
        self
    }

    /// Checks the graph and binds it to a checkpointer and a clock.
    pub fn compile(
        self,
        checkpointer: Arc<dyn CheckpointStore>,
        clock: Arc<dyn Clock>,
    ) -> Result<CompiledGraph<S>, WorkflowError> {
        let mut problems = self.problems.clone();
        let known = |n: &str| n == END || self.nodes.contains_key(n);
        match &self.entry {
            None => problems.push("no entry point".to_owned()),
            Some(e) if !self.nodes.contains_key(e) => {
                problems.push(format!("entry point {e} is not a node"))
            }
            Some(_) => {}
        }
        for name in self.nodes.keys() {
            if !self.edges.contains_key(name) {
                problems.push(format!("node {name} has no outgoing edge"));
            }
        }
        for (from, edge) in &self.edges {
            if !self.nodes.contains_key(from) {
                problems.push(format!("edge from unknown node {from}"));
            }
            let targets: Vec<&String> = match edge {
                Edge::Static(to) => vec![to],
                Edge::Conditional { targets, .. } => targets.iter().collect(),
            };
            for to in targets.into_iter().filter(|t| !known(t)) {
                problems.push(format!("edge {from} -> unknown node {to}"));
            }
        }
        for n in self
            .interrupt_before
            .iter()
            .filter(|n| !self.nodes.contains_key(*n))
        {
            problems.push(format!("interrupt_before names unknown node {n}"));
        }
        if !problems.is_empty() {
            return Err(WorkflowError::InvalidGraph(problems.join("; ")));
        }
        Ok(CompiledGraph::new(self, checkpointer, clock))
    }
}
