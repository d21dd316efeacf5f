"""External solvers for the schedule: OR-Tools CP-SAT behind `cpsat.optimise`."""
