//! Integration tests: the `grill` binary run as a user runs it, through one harness.

mod bank;
mod chaos;
mod faults;
mod grade;
mod harness;
mod practice;
mod pty;
