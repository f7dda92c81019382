# The school setup wizard (coordinator).
