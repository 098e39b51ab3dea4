//! Outputs: each machine or human format in its own file. Core types are not
//! `Serialize`; the views here are the stable boundary.

pub mod resolve;
