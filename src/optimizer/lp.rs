//! The LP solver behind the optimizer: good_lp with HiGHS (cargo feature
//! `highs`, the default) or the pure-Rust microlp (feature `microlp`).
//!
//! The optimizer builds its models with good_lp's nouns (variables,
//! expressions, constraints) and hands them here; this file is the only one
//! that knows which solver runs.

use good_lp::{Constraint, Expression, ProblemVariables, Solution, SolverModel, Variable};

/// Name of the solver in use, as reported in summary.json.
pub fn solver_name() -> &'static str {
    if cfg!(feature = "highs") {
        "highs"
    } else {
        "microlp"
    }
}

/// An optimal LP solution: objective value and the value of each variable asked for.
#[derive(Debug, Clone)]
pub struct LpSolution {
    /// Optimal objective.
    pub objective: f64,
    /// Values of the requested variables, in request order.
    pub values: Vec<f64>,
}

/// Minimises `objective` subject to `constraints`; None when the solver fails
/// or the model is infeasible (callers then fall back to combinatorial means).
pub fn minimise(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<Constraint>,
    wanted: &[Variable],
    time_limit: f64,
) -> Option<LpSolution> {
    let unsolved = vars.minimise(objective.clone());
    #[cfg(feature = "highs")]
    {
        let mut model = unsolved
            .using(good_lp::solvers::highs::highs)
            .set_threads(1)
            .set_time_limit(time_limit.max(0.01));
        model.set_verbose(false);
        let model = model.with_all(constraints);
        let sol = model.solve().ok()?;
        if !matches!(sol.status(), good_lp::solvers::SolutionStatus::Optimal) {
            return None;
        }
        Some(LpSolution {
            objective: sol.eval(&objective),
            values: wanted.iter().map(|&v| sol.value(v)).collect(),
        })
    }
    #[cfg(all(not(feature = "highs"), feature = "microlp"))]
    {
        let _ = time_limit;
        let model = unsolved
            .using(good_lp::solvers::microlp::microlp)
            .with_all(constraints);
        let sol = model.solve().ok()?;
        Some(LpSolution {
            objective: sol.eval(&objective),
            values: wanted.iter().map(|&v| sol.value(v)).collect(),
        })
    }
    #[cfg(not(any(feature = "highs", feature = "microlp")))]
    {
        let _ = (unsolved, constraints, wanted, time_limit);
        None
    }
}
