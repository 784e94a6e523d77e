//! End-to-end tests of the display server: real WebSocket clients against `run` on a free port.

mod bad_input;
mod broadcast;
mod helpers;
mod idle_sockets;
mod keepalive;
mod python_client;
mod refusals;
