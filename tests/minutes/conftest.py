"""Hypothesis profiles for the parser's property tests."""
import os

from hypothesis import HealthCheck, settings

# "default" keeps the normal suite quick; "long" is for a deliberate hunt:
#   HYPOTHESIS_PROFILE=long pytest tests/minutes   or   pytest tests/minutes --hypothesis-profile=long
# Examples found are remembered under .hypothesis/ (ignored by git).
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("default", max_examples=50, **_COMMON)
settings.register_profile("long", max_examples=2000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
