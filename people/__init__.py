"""People and organisations named in the minutes, with the other spellings they appear under."""
