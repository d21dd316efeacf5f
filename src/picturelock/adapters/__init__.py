"""The outside world: files, formats, holidays, the solver, report writers."""
