"""The office's working lists for a school day: golden hour, first-day and second calls,
gate and office lists, home-visit decisions and registers not complete at 15:00."""
