"""The national picture the synthetic registers are tuned to (DOMAIN.md section 7).

Rates are shares of possible sessions. `discretionary_absence` covers the codes a
pupil's own absence rate drives (I, M, C, R, O); holidays (G), part-time timetables
(C2), suspensions (E), late-after-close (U) and unresolved N come from separate
processes and add to it, giving the national totals (primary 5.3%, secondary 8.5%).

`spread` holds bands of pupils' underlying propensity, not the national spread of
measured rates itself: sessions add noise (illness comes in spells, holidays in
blocks), so the bands are narrower. They were tuned by simulating twelve-week trusts
until the measured PA shares (13.8% / 23.8%) and severe absence (~2%) matched.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.simulator.model import Phase


@dataclass(frozen=True)
class PhaseProfile:
    discretionary_absence: float
    unauthorised_share: float  # O as a share of discretionary absence
    authorised_weights: tuple[tuple[str, float], ...]  # I, M, C, R
    # Bands of pupils' own absence propensity: (share of pupils, lowest, highest).
    # The shares need not add up to 1; they are weights.
    spread: tuple[tuple[float, float, float], ...]
    habitual_late_share: float
    habitual_late_rate: float
    late_rate: float
    habitual_late_after_close_rate: float
    late_after_close_rate: float
    holiday_family_share: float
    holiday_chance_per_break: float
    part_time_share: float
    suspension_rate: float
    trip_day_rate: float  # per registration group and school day
    sport_afternoon_rate: float  # approved sporting activity (P), per pupil afternoon


PROFILES: dict[Phase, PhaseProfile] = {
    "primary": PhaseProfile(
        discretionary_absence=0.0455,
        unauthorised_share=0.17,
        authorised_weights=(("I", 2.9), ("M", 0.26), ("C", 0.32), ("R", 0.10)),
        spread=((0.33, 0.0, 0.04), (0.63, 0.04, 0.08), (0.025, 0.08, 0.15),
                (0.01, 0.15, 0.20), (0.007, 0.20, 0.30), (0.004, 0.30, 0.50),
                (0.010, 0.50, 0.80)),
        habitual_late_share=0.10, habitual_late_rate=0.14, late_rate=0.008,
        habitual_late_after_close_rate=0.025, late_after_close_rate=0.0008,
        holiday_family_share=0.08, holiday_chance_per_break=0.75,
        part_time_share=0.004, suspension_rate=0.0003,
        trip_day_rate=0.009, sport_afternoon_rate=0.001,
    ),
    "secondary": PhaseProfile(
        discretionary_absence=0.0711,
        unauthorised_share=0.36,
        authorised_weights=(("I", 3.6), ("M", 0.37), ("C", 0.46), ("R", 0.09)),
        spread=((0.50, 0.0, 0.05), (0.35, 0.05, 0.10), (0.06, 0.10, 0.15),
                (0.03, 0.15, 0.20), (0.03, 0.20, 0.30), (0.02, 0.30, 0.50),
                (0.045, 0.50, 0.85)),
        habitual_late_share=0.18, habitual_late_rate=0.24, late_rate=0.016,
        habitual_late_after_close_rate=0.03, late_after_close_rate=0.0012,
        holiday_family_share=0.05, holiday_chance_per_break=0.75,
        part_time_share=0.010, suspension_rate=0.0031,
        trip_day_rate=0.010, sport_afternoon_rate=0.010,
    ),
}
