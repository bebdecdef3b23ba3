"""Tests of the minutes parser (meetings.minutes) and its management command."""
