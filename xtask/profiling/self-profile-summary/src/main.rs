//! Summarises a rustc `-Z self-profile` trace: self time per query/activity label, and self
//! time attributed to the outermost query whose argument names an item of the given crate.
use analyzeme::ProfilingData;
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

struct Ev {
    start: SystemTime,
    end: SystemTime,
    label: String,
    arg: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let stem = args[1].trim_end_matches(".mm_profdata");
    let krate = args.get(2).cloned().unwrap_or_default();
    let data = ProfilingData::new(Path::new(stem)).expect("read profile");
    let mut threads: HashMap<u32, Vec<Ev>> = HashMap::new();
    for e in data.iter_full() {
        if let analyzeme::EventPayload::Timestamp(analyzeme::Timestamp::Interval { start, end }) = e.payload {
            let arg = e.additional_data.first().map(|s| s.to_string());
            threads.entry(e.thread_id).or_default().push(Ev { start, end, label: e.label.to_string(), arg });
        }
    }
    let mut by_label: HashMap<String, Duration> = HashMap::new();
    let mut by_item: HashMap<String, Duration> = HashMap::new();
    let mut by_item_label: HashMap<(String, String), Duration> = HashMap::new();
    let mut total = Duration::ZERO;
    for (_, mut evs) in threads {
        evs.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        // stack of (index, self time so far)
        let mut stack: Vec<(usize, Duration)> = Vec::new();
        let mut selfs = vec![Duration::ZERO; evs.len()];
        let mut owner: Vec<Option<usize>> = vec![None; evs.len()];
        for i in 0..evs.len() {
            while let Some(&(top, _)) = stack.last() {
                if evs[top].end <= evs[i].start { stack.pop(); } else { break; }
            }
            let dur = evs[i].end.duration_since(evs[i].start).unwrap_or_default();
            selfs[i] = dur;
            if let Some(&(top, _)) = stack.last() {
                selfs[top] = selfs[top].saturating_sub(dur);
                owner[i] = owner[top];
            } else {
                total += dur;
            }
            if owner[i].is_none() && evs[i].arg.as_deref().is_some_and(|a| a.contains(&krate)) {
                owner[i] = Some(i);
            }
            stack.push((i, dur));
        }
        for i in 0..evs.len() {
            *by_label.entry(evs[i].label.clone()).or_default() += selfs[i];
            let item = match owner[i] {
                Some(o) => format!("{} {}", evs[o].label, evs[o].arg.as_deref().unwrap_or("")),
                None => "(not attributed to an item)".to_string(),
            };
            *by_item.entry(item.clone()).or_default() += selfs[i];
            *by_item_label.entry((item, evs[i].label.clone())).or_default() += selfs[i];
        }
    }
    let mut v: Vec<_> = by_label.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    println!("total (top-level intervals) {:.3} s\n\nself time by label:", total.as_secs_f64());
    for (l, d) in v.iter().take(40) { println!("{:>9.3} {}", d.as_secs_f64(), l); }
    let mut v: Vec<_> = by_item.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1));
    println!("\nITEMS");
    for (l, d) in &v { println!("{:.6}\t{}", d.as_secs_f64(), l); }
}
