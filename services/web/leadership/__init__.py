"""Leadership's registers and meetings: risk and vulnerable-pupil registers, half-termly
meetings, transition watch-list, mentoring groups and the trust view (actions 4.9,
5.1-5.3, 5.6, 6.1-6.2)."""
