"""The model of a production's post and its algorithms: pure, no I/O, no clock."""
