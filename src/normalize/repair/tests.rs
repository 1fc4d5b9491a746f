//! Tests of the repairer as a whole (the shipped model).

use super::*;
