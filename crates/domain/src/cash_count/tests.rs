//! Tests of the cash count.
