//! Integration tests: the `grill` binary run as a user runs it, through one harness.

mod bank;
mod chaos;
mod documents;
mod faults;
mod grade;
mod harness;
mod interview;
mod llm;
#[path = "../support/llm_server.rs"]
mod llm_server;
mod practice;
mod progress;
mod pty;
mod screen;
