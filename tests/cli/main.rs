//! Integration tests: the `grill` binary run as a user runs it, through one harness.

mod bank;
mod chaos;
mod documents;
mod faults;
mod grade;
mod harness;
mod interview;
mod practice;
mod progress;
mod pty;
mod screen;
