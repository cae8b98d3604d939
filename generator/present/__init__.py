"""What more than one export shows: views, formatting, URLs, charts, schedules, composed posts."""
