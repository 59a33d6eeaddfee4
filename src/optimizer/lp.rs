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
    solve(vars, objective, constraints, wanted, time_limit, false)
}

/// [`minimise`] with HiGHS's interior point method (then crossover to an
/// optimal basis), which solves the time-indexed bound's LP two to three
/// times faster than the dual simplex (measured on the generated backlogs).
pub fn minimise_interior(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<Constraint>,
    wanted: &[Variable],
    time_limit: f64,
) -> Option<LpSolution> {
    solve(vars, objective, constraints, wanted, time_limit, true)
}

fn solve(
    vars: ProblemVariables,
    objective: Expression,
    constraints: Vec<Constraint>,
    wanted: &[Variable],
    time_limit: f64,
    interior: bool,
) -> Option<LpSolution> {
    let unsolved = vars.minimise(objective.clone());
    #[cfg(feature = "highs")]
    {
        let mut model = unsolved
            .using(good_lp::solvers::highs::highs)
            .set_threads(1)
            .set_time_limit(time_limit.max(0.01));
        if interior {
            model = model.set_option("solver", "ipm");
        }
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
        let _ = (time_limit, interior);
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
        let _ = (unsolved, constraints, wanted, time_limit, interior);
        None
    }
}

/// The master LP of a column generation over a covering model:
///
///   min Σ_s c_s λ_s  s.t.  Σ_s a_is λ_s ≥ 1 for each item i,
///                          Σ_{s in group g} λ_s ≤ 1 for each group g,  λ ≥ 0,
///
/// re-solved as columns arrive. Each item also has an artificial column of
/// cost `artificial` so the master is always feasible. Solving gives the
/// dual prices: π_i ≥ 0 per item and μ_g ≤ 0 per group. With HiGHS the
/// primal is kept and re-solved from its last basis (new columns enter as
/// nonbasic); other solvers solve the dual LP afresh through good_lp, whose
/// variables are the prices.
pub struct CoveringMaster {
    items: usize,
    groups: usize,
    artificial: f64,
    /// Columns so far.
    columns: Vec<MasterColumn>,
    #[cfg(feature = "highs")]
    highs: Option<KeptHighs>,
}

/// A column of the master: its group, (item, coefficient) pairs, its cost.
type MasterColumn = (usize, Vec<(usize, f64)>, f64);

/// A HiGHS model kept between solves.
#[cfg(feature = "highs")]
struct KeptHighs {
    model: highs::Model,
    rows: Vec<highs::Row>,
    /// Columns already in the model.
    passed: usize,
    /// HiGHS counts its time limit over all the solves of one model.
    made: std::time::Instant,
}

/// Prices from a solved master.
#[derive(Debug, Clone)]
pub struct Prices {
    /// The master's optimum.
    pub objective: f64,
    /// π_i ≥ 0 per item.
    pub items: Vec<f64>,
    /// μ_g ≤ 0 per group.
    pub groups: Vec<f64>,
}

impl CoveringMaster {
    /// A master over `items` items and `groups` groups.
    pub fn new(items: usize, groups: usize, artificial: f64) -> CoveringMaster {
        CoveringMaster {
            items,
            groups,
            artificial,
            columns: Vec::new(),
            #[cfg(feature = "highs")]
            highs: None,
        }
    }

    /// Adds a column of `group` covering `coefs` (item, times) at `cost`.
    pub fn add_column(&mut self, group: usize, coefs: Vec<(usize, f64)>, cost: f64) {
        self.columns.push((group, coefs, cost));
    }

    /// Solves the master over the columns so far; None when the solver fails.
    pub fn solve(&mut self, time_limit: f64) -> Option<Prices> {
        #[cfg(feature = "highs")]
        {
            self.solve_highs(time_limit)
        }
        #[cfg(not(feature = "highs"))]
        {
            self.solve_dual(time_limit)
        }
    }

    #[cfg(feature = "highs")]
    fn solve_highs(&mut self, time_limit: f64) -> Option<Prices> {
        let mut kept = match self.highs.take() {
            Some(kept) => kept,
            None => {
                let mut problem = highs::ColProblem::default();
                let mut rows: Vec<highs::Row> =
                    (0..self.items).map(|_| problem.add_row(1.0..)).collect();
                rows.extend((0..self.groups).map(|_| problem.add_row(..=1.0)));
                for i in 0..self.items {
                    problem.add_column(self.artificial, 0.0.., [(rows[i], 1.0)]);
                }
                let mut model = highs::Model::try_new(problem).ok()?;
                model.set_sense(highs::Sense::Minimise);
                model.make_quiet();
                model.try_set_option("threads", 1).ok()?;
                // Re-solves start from the last basis; presolve would discard it.
                model.try_set_option("presolve", "off").ok()?;
                // New columns leave the basis primal feasible: primal simplex
                // continues from it (measured twice as fast as dual here).
                model.try_set_option("simplex_strategy", 4).ok()?;
                KeptHighs {
                    model,
                    rows,
                    passed: 0,
                    made: std::time::Instant::now(),
                }
            }
        };
        for (group, coefs, cost) in &self.columns[kept.passed..] {
            let factors: Vec<(highs::Row, f64)> = coefs
                .iter()
                .map(|&(i, a)| (kept.rows[i], a))
                .chain([(kept.rows[self.items + group], 1.0)])
                .collect();
            kept.model.try_add_column(*cost, 0.0.., factors).ok()?;
        }
        kept.passed = self.columns.len();
        let limit = kept.made.elapsed().as_secs_f64() + time_limit.max(0.01);
        kept.model.try_set_option("time_limit", limit).ok()?;
        let solved = kept.model.try_solve().ok()?;
        if solved.status() != highs::HighsModelStatus::Optimal {
            return None;
        }
        let duals = solved.get_solution().dual_rows().to_vec();
        let prices = Prices {
            objective: solved.objective_value(),
            items: duals[..self.items].iter().map(|v| v.max(0.0)).collect(),
            groups: duals[self.items..].iter().map(|v| v.min(0.0)).collect(),
        };
        self.highs = Some(KeptHighs {
            model: highs::Model::from(solved),
            ..kept
        });
        Some(prices)
    }

    /// The dual LP: max Σ π_i + Σ μ_g subject to Σ a_is π_i + μ_g ≤ c_s,
    /// 0 ≤ π_i ≤ artificial, μ ≤ 0.
    #[cfg(not(feature = "highs"))]
    fn solve_dual(&mut self, time_limit: f64) -> Option<Prices> {
        use good_lp::variable;
        let mut vars = ProblemVariables::new();
        let pi: Vec<Variable> = (0..self.items)
            .map(|_| vars.add(variable().min(0.0).max(self.artificial)))
            .collect();
        let mu: Vec<Variable> = (0..self.groups)
            .map(|_| vars.add(variable().max(0.0)))
            .collect();
        let objective: Expression = -(pi.iter().chain(&mu).copied().sum::<Expression>());
        let constraints = self
            .columns
            .iter()
            .map(|(group, coefs, cost)| {
                let lhs: Expression =
                    coefs.iter().map(|&(i, a)| a * pi[i]).sum::<Expression>() + mu[*group];
                lhs.leq(*cost)
            })
            .collect();
        let wanted: Vec<Variable> = pi.iter().chain(&mu).copied().collect();
        let sol = minimise(vars, objective, constraints, &wanted, time_limit)?;
        Some(Prices {
            objective: -sol.objective,
            items: sol.values[..self.items]
                .iter()
                .map(|v| v.max(0.0))
                .collect(),
            groups: sol.values[self.items..]
                .iter()
                .map(|v| v.min(0.0))
                .collect(),
        })
    }
}
