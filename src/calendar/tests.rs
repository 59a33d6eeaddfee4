use super::*;
use crate::team::{DateRange, Weights};
use chrono::NaiveTime;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dev(name: &str, weekly: f64) -> Developer {
    Developer::new(name, weekly)
}

fn team(devs: Vec<Developer>) -> Team {
    let mut calendar = Calendar {
        start: date("2026-11-30"),
        ..Calendar::default()
    };
    calendar.holidays.insert(date("2026-12-25"));
    Team {
        source: "t.toml".into(),
        calendar,
        weights: Weights::default(),
        prefer_penalty_hours: 8.0,
        developers: devs,
        rules: vec![],
    }
}

#[test]
fn business_hours_of_date_times_and_back() {
    let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 200, 0);
    let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
    // 2026-11-30 is the first day (a Monday), 09:00 to 17:00.
    assert_eq!(wc.business_hours_at(at("2026-11-30T09:00")), 0.0);
    assert_eq!(wc.business_hours_at(at("2026-11-30T13:30")), 4.5);
    assert_eq!(wc.business_hours_at(at("2026-11-30T17:00")), 8.0);
    assert_eq!(wc.business_hours_at(at("2026-12-01T10:00")), 9.0);
    // A Saturday counts as the start of the next business day.
    assert_eq!(wc.business_hours_at(at("2026-12-05T12:00")), 40.0);
    // 9.5 business hours: one whole day, then 1.5 h into the second.
    assert_eq!(wc.time_of_business_hours(9.5), wc.day_minutes + 90);
    assert_eq!(wc.business_hours(wc.time_of_business_hours(9.5)), 9.5);
}

#[test]
fn business_days_skip_weekends_and_holidays() {
    let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 200, 0);
    assert_eq!(wc.days[0], date("2026-11-30"));
    assert_eq!(wc.days[5], date("2026-12-07"));
    assert!(!wc.days.contains(&date("2026-12-25")));
    assert!(!wc.days.contains(&date("2026-12-05")));
    // 200 hours at 8 h/day = 25 days
    assert!(wc.horizon_days() >= 25);
}

#[test]
fn part_timer_works_the_start_of_each_day() {
    let t = team(vec![dev("p", 20.0)]);
    let wc = WorkCalendar::new(&t, 60 * 10, 0);
    let d = &wc.developers[0];
    assert_eq!(d.cap[0], 240);
    // 6 hours of work from the start: 4 h on Monday, 2 h on Tuesday.
    let end = d.end_at(360, wc.day_minutes).unwrap();
    assert_eq!(
        wc.end_datetime(end),
        date("2026-12-01").and_time(NaiveTime::from_hms_opt(11, 0, 0).unwrap())
    );
    assert_eq!(wc.business_hours(end), 10.0);
    assert_eq!(
        d.stretches(0, 360, wc.day_minutes),
        vec![(0, 240), (480, 600)]
    );
}

#[test]
fn end_of_day_belongs_to_that_day() {
    let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 16, 0);
    let d = &wc.developers[0];
    let end = d.end_at(480, wc.day_minutes).unwrap();
    assert_eq!(end, 480);
    assert_eq!(
        wc.end_datetime(end),
        date("2026-11-30").and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap())
    );
    assert_eq!(
        wc.start_datetime(d.start_at(480, wc.day_minutes).unwrap())
            .to_string(),
        "2026-12-01 09:00:00"
    );
    assert_eq!(wc.business_hours(end), 8.0);
}

#[test]
fn time_off_and_late_start_have_no_capacity() {
    let mut a = dev("a", 40.0);
    a.time_off = vec![DateRange {
        first: date("2026-12-01"),
        last: date("2026-12-02"),
    }];
    let mut b = dev("b", 40.0);
    b.available_from = Some(date("2026-12-03"));
    let wc = WorkCalendar::new(&team(vec![a, b]), 60 * 8, 0);
    assert_eq!(&wc.developers[0].cap[..4], &[480, 0, 0, 480]);
    assert_eq!(&wc.developers[1].cap[..4], &[0, 0, 0, 480]);
    assert_eq!(wc.developers[1].start_at(0, wc.day_minutes), Some(3 * 480));
    assert_eq!(wc.developers[0].work_before(4 * 480, wc.day_minutes), 960);
}

#[test]
fn sprints_count_from_the_start() {
    let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60, 0);
    assert_eq!(wc.sprint_of(date("2026-11-30")), 1);
    assert_eq!(wc.sprint_of(date("2026-12-13")), 1);
    assert_eq!(wc.sprint_of(date("2026-12-14")), 2);
    assert_eq!(wc.sprint_start(2), date("2026-12-14"));
}

#[test]
fn business_days_by_weeks_match_a_day_by_day_count() {
    let t = team(vec![dev("a", 40.0)]);
    let cal = &t.calendar;
    let from = date("2026-11-27");
    for len in [0, 1, 6, 7, 8, 30, 400] {
        let to = from + Duration::days(len);
        let walked = (0..len)
            .filter(|&k| is_business_day(cal, from + Duration::days(k)))
            .count() as i64;
        assert_eq!(business_days_between(cal, from, to), walked, "{len} days");
    }
}

#[test]
fn a_far_due_date_is_counted_not_walked() {
    let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 8, 0);
    // 2026-11-30 is a Monday; the holiday 2026-12-25 is a Friday.
    let next_monday = wc.time_of_date(date("2026-12-07"));
    assert_eq!(next_monday, 5 * 480);
    assert_eq!(wc.time_of_date(date("2027-01-04")), (5 * 5 - 1) * 480);
    // Far ahead (about a century): five business days a week, less the
    // one holiday.
    let far = wc.time_of_date(date("2026-11-30") + Duration::weeks(5_000));
    assert_eq!(far, (5_000 * 5 - 1) * 480);
}

#[test]
fn the_horizon_stops_at_the_last_date_and_says_so() {
    let mut t = team(vec![dev("a", 40.0)]);
    t.calendar.start = date("9999-12-20");
    t.calendar.holidays.clear();
    let wc = WorkCalendar::new(&t, 60 * 8 * 100, 0);
    assert_eq!(wc.days.last(), Some(&date("9999-12-31")));
    assert_eq!(wc.limit(), Some(HorizonLimit::LastDate));
    let roomy = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 8, 0);
    assert_eq!(roomy.limit(), None);
}

#[test]
fn who_never_works_and_why() {
    let t = team(vec![dev("a", 40.0)]);
    let mut gone = dev("g", 40.0);
    gone.available_until = Some(date("2026-11-27"));
    let why = never_works(&t.calendar, &gone);
    assert_eq!(
        why,
        Some(Idle::LeavesBeforeStart {
            until: date("2026-11-27"),
            start: date("2026-11-30")
        })
    );
    assert_eq!(
        why.unwrap().to_string(),
        "leaves on 2026-11-27, before the calendar starts on 2026-11-30"
    );
    let mut idle = dev("i", 0.01);
    idle.focus = 0.5;
    assert!(matches!(
        never_works(&t.calendar, &idle),
        Some(Idle::NoMinutes { workdays: 5, .. })
    ));
    let mut away = dev("w", 40.0);
    away.time_off = vec![
        DateRange {
            first: date("2026-11-30"),
            last: date("2030-01-01"),
        },
        DateRange {
            first: date("2030-01-02"),
            last: date("9999-12-31"),
        },
    ];
    assert_eq!(
        never_works(&t.calendar, &away),
        Some(Idle::AlwaysOff {
            from: date("2026-11-30"),
            until: LAST_DATE
        })
    );
    // A single working day left is enough.
    away.time_off[1].first = date("2030-01-03");
    assert_eq!(never_works(&t.calendar, &away), None);
    assert_eq!(nobody_works(&t), None);
    let idle_team = team(vec![gone, away.clone()]);
    assert_eq!(nobody_works(&idle_team), None);
}

#[test]
fn due_date_maps_to_the_end_of_that_day() {
    let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 80, 0);
    // Friday 2026-12-04 is business day 4; its end is the start of day 5.
    assert_eq!(wc.time_after_date(date("2026-12-04")), 5 * 480);
    assert_eq!(wc.time_of_date(date("2026-12-05")), 5 * 480);
}

fn datetime(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn off(start: &str, end: &str) -> crate::team::TimeRange {
    crate::team::TimeRange {
        start: datetime(start),
        end: datetime(end),
    }
}

/// Mon, Tue, Wed at 8 h a day (24 h a week): no work on Thursday and
/// Friday. Business days from Monday 2026-11-30: 0 Mon, 1 Tue, 2 Wed,
/// 3 Thu, 4 Fri, 5 Mon 2026-12-07.
#[test]
fn a_three_day_week_works_three_full_days() {
    use chrono::Weekday::{Mon, Tue, Wed};
    let mut a = dev("a", 24.0);
    a.workdays = Some(vec![Mon, Tue, Wed]);
    let t = team(vec![a]);
    assert_eq!(daily_minutes(&t.calendar, &t.developers[0]), 480);
    let wc = WorkCalendar::new(&t, 60 * 30, 0);
    let d = &wc.developers[0];
    assert_eq!(&d.cap[..6], &[480, 480, 480, 0, 0, 480]);
    // 10 h from Monday 09:00: Monday 8 h, then Tuesday 09:00 to 11:00.
    let end = d.end_at(600, wc.day_minutes).unwrap();
    assert_eq!(wc.end_datetime(end), datetime("2026-12-01 11:00"));
    // 30 h: Monday to Wednesday are 24 h, then 6 h on the next Monday.
    let end = d.end_at(1800, wc.day_minutes).unwrap();
    assert_eq!(wc.end_datetime(end), datetime("2026-12-07 15:00"));
    assert_eq!(
        d.stretches(1200, 1800, wc.day_minutes),
        vec![(2 * 480 + 240, 3 * 480), (5 * 480, 5 * 480 + 360)]
    );
    // Work position 24 h (the end of Wednesday) starts next Monday.
    assert_eq!(
        wc.start_datetime(d.start_at(1440, wc.day_minutes).unwrap()),
        datetime("2026-12-07 09:00")
    );
    // The same developer at 20 h a week: 20 / 3 h = 400 minutes a day.
    let mut b = t.developers[0].clone();
    b.weekly_hours = 20.0;
    assert_eq!(daily_minutes(&t.calendar, &b), 400);
}

/// An afternoon off on Tuesday 2026-12-01 (13:00 on): Tuesday holds 09:00
/// to 13:00 only.
#[test]
fn an_afternoon_off_shortens_the_day() {
    let mut a = dev("a", 40.0);
    a.hours_off = vec![off("2026-12-01 13:00", "2026-12-02 00:00")];
    let wc = WorkCalendar::new(&team(vec![a]), 60 * 24, 0);
    let d = &wc.developers[0];
    assert_eq!(&d.cap[..3], &[480, 240, 480]);
    assert_eq!(d.spans_of(1), &[(0, 240)]);
    // 12 h from Monday 09:00 ends Tuesday 13:00; 14 h ends Wednesday 11:00.
    let end = d.end_at(720, wc.day_minutes).unwrap();
    assert_eq!(wc.end_datetime(end), datetime("2026-12-01 13:00"));
    let end = d.end_at(840, wc.day_minutes).unwrap();
    assert_eq!(wc.end_datetime(end), datetime("2026-12-02 11:00"));
    assert_eq!(
        d.stretches(0, 840, wc.day_minutes),
        vec![(0, 480), (480, 720), (960, 1080)]
    );
}

/// A morning off by hour range on Wednesday 2026-12-02, 09:00 to 12:00:
/// work that day starts at 12:00 and runs to 17:00.
#[test]
fn a_morning_off_starts_the_day_later() {
    let mut a = dev("a", 40.0);
    a.hours_off = vec![off("2026-12-02 09:00", "2026-12-02 12:00")];
    let wc = WorkCalendar::new(&team(vec![a]), 60 * 24, 0);
    let (d, day) = (&wc.developers[0], wc.day_minutes);
    assert_eq!(&d.cap[..4], &[480, 480, 300, 480]);
    assert_eq!(d.spans_of(2), &[(180, 480)]);
    // A 6 h task begun after Tuesday's work (position 16 h) starts
    // Wednesday 12:00 and ends Thursday 10:00.
    let start = d.start_at(960, day).unwrap();
    assert_eq!(wc.start_datetime(start), datetime("2026-12-02 12:00"));
    let end = d.end_at(960 + 360, day).unwrap();
    assert_eq!(wc.end_datetime(end), datetime("2026-12-03 10:00"));
    // Released at Wednesday 10:00 (inside the time off): nothing worked
    // that day yet, so it starts at 12:00 too.
    assert_eq!(d.work_before(2 * 480 + 60, day), 960);
    assert_eq!(d.work_before(2 * 480 + 240, day), 1020);
    assert_eq!(
        d.stretches(960, 1320, day),
        vec![(1140, 1440), (1440, 1500)]
    );
    // Finishing at the end of Tuesday is 16 business hours, at Wednesday's
    // end 24 (the day ends at 17:00 as usual).
    assert_eq!(wc.business_hours(d.end_at(1260, day).unwrap()), 24.0);
}

/// An hour off in the middle of Monday (12:00 to 13:00) splits it into
/// 09:00-12:00 and 13:00-17:00; the clock mapping stays exact around it.
#[test]
fn an_hour_off_mid_day_splits_the_day() {
    let mut a = dev("a", 40.0);
    a.hours_off = vec![off("2026-11-30 12:00", "2026-11-30 13:00")];
    let wc = WorkCalendar::new(&team(vec![a]), 60 * 16, 0);
    let (d, day) = (&wc.developers[0], wc.day_minutes);
    assert_eq!(d.spans_of(0), &[(0, 180), (240, 480)]);
    assert_eq!(d.cap[0], 420);
    assert_eq!(d.work_before(200, day), 180);
    assert_eq!(d.work_before(240, day), 180);
    assert_eq!(d.work_before(300, day), 240);
    // Position 3 h ends at 12:00; the next minute of work is at 13:00.
    assert_eq!(d.end_at(180, day), Some(180));
    assert_eq!(d.start_at(180, day), Some(240));
    assert_eq!(d.stretches(100, 300, day), vec![(100, 180), (240, 360)]);
    // Every position maps back to itself.
    for w in 0..d.total() {
        let s = d.start_at(w, day).unwrap();
        assert_eq!(d.work_before(s, day), w, "start of {w}");
        let e = d.end_at(w + 1, day).unwrap();
        assert_eq!(d.work_before(e, day), w + 1, "end of {}", w + 1);
    }
}

/// An hour range over a weekend: Friday 2026-12-04 from 15:00 to Monday
/// 2026-12-07 11:00 takes Friday's last two hours and Monday's first two.
#[test]
fn an_hour_range_may_span_days() {
    let mut a = dev("a", 40.0);
    a.hours_off = vec![off("2026-12-04 15:00", "2026-12-07 11:00")];
    let wc = WorkCalendar::new(&team(vec![a]), 60 * 56, 0);
    let d = &wc.developers[0];
    assert_eq!(&d.cap[3..7], &[480, 360, 360, 480]);
    assert_eq!(d.spans_of(4), &[(0, 360)]);
    assert_eq!(d.spans_of(5), &[(120, 480)]);
}

/// A half-timer (4 h a day, 09:00-13:00) loses only the part of an hour
/// range inside their window; a range wholly after it costs nothing.
#[test]
fn time_off_outside_the_window_costs_nothing() {
    let mut p = dev("p", 20.0);
    p.hours_off = vec![
        off("2026-11-30 12:00", "2026-11-30 15:00"),
        off("2026-12-01 14:00", "2026-12-01 17:00"),
    ];
    let wc = WorkCalendar::new(&team(vec![p]), 60 * 8, 0);
    assert_eq!(&wc.developers[0].cap[..3], &[180, 240, 240]);
}

/// A developer whose every window is off has no working time.
#[test]
fn a_developer_off_every_working_minute_never_works() {
    let t = team(vec![dev("a", 40.0)]);
    let mut a = dev("a", 40.0);
    a.hours_off = vec![off("2026-11-30 00:00", "9999-12-31 23:59")];
    assert_eq!(
        never_works(&t.calendar, &a),
        Some(Idle::AlwaysOff {
            from: date("2026-11-30"),
            until: LAST_DATE
        })
    );
    a.hours_off[0].end = datetime("2027-01-05 10:00");
    assert_eq!(never_works(&t.calendar, &a), None);
}

#[test]
fn time_at_counts_working_minutes_only_and_inverts_the_date_times() {
    let wc = WorkCalendar::new(&team(vec![dev("a", 40.0)]), 60 * 200, 0);
    let at = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
    // Monday 2026-11-30 09:00 is minute 0; a day is 480 minutes.
    assert_eq!(wc.time_at(at("2026-11-30T09:00")), 0);
    assert_eq!(wc.time_at(at("2026-11-30T13:30")), 270);
    // Before opening and after closing clamp to the day's ends.
    assert_eq!(wc.time_at(at("2026-11-30T07:00")), 0);
    assert_eq!(wc.time_at(at("2026-11-30T22:00")), 480);
    // Friday 17:00, Saturday noon and Monday 09:00 are the same minute.
    assert_eq!(wc.time_at(at("2026-12-04T17:00")), 5 * 480);
    assert_eq!(wc.time_at(at("2026-12-05T12:00")), 5 * 480);
    assert_eq!(wc.time_at(at("2026-12-07T09:00")), 5 * 480);
    // Christmas (a holiday) is skipped: Thursday 24th 17:00 meets Monday 28th.
    assert_eq!(
        wc.time_at(at("2026-12-24T17:00")),
        wc.time_at(at("2026-12-28T09:00"))
    );
    for t in [0, 1, 479, 480, 481, 2400, 9000] {
        assert_eq!(wc.time_at(wc.start_datetime(t)), t);
    }
    for t in [1, 480, 481, 2400, 9000] {
        assert_eq!(wc.time_at(wc.end_datetime(t)), t);
    }
}

/// The galloping day lookup gives partition_point's answer on every kind of
/// clock: regular days, long time off (flat runs), a developer who starts
/// late or leaves early (flat head or tail), and positions before, on and
/// past every day's end.
#[test]
fn days_before_is_partition_point() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    for _ in 0..500 {
        let n = rng.random_range(0..60);
        let mut ends = Vec::with_capacity(n);
        let mut w = 0i64;
        for _ in 0..n {
            w += match rng.random_range(0..4) {
                0 => 0,
                1 => rng.random_range(1..480),
                _ => 480,
            };
            ends.push(w);
        }
        for _ in 0..40 {
            let x = rng.random_range(-10..w + 500);
            for strict in [false, true] {
                let before = |c: i64| if strict { c < x } else { c <= x };
                assert_eq!(
                    days_before(&ends, x, before),
                    ends.partition_point(|&c| before(c)),
                    "{ends:?} at {x}, strict {strict}"
                );
            }
        }
    }
}
