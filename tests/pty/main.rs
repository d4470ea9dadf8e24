//! The real `kgx` binary in a pseudo-terminal (portable-pty), its screen read through vt100:
//! start-up and quitting, what the terminal is left in, reloading, and large graphs with the
//! search worker. One binary, apart from the in-process integration tests (`tests/integration/`).
//!
//! The binary they run is built with the `test-support` feature (the crate's dev-dependency on
//! itself turns it on for every test build), which the panic and first-frame hooks need.

mod pty_session;

mod pty;
mod pty_environment;
mod pty_mouse;
mod pty_stress;
mod pty_terminal;
mod pty_trail;
mod pty_worker;
