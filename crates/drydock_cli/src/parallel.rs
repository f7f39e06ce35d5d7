//! A parallel map over a slice on scoped threads, keeping the input's order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many items a thread claims at a time: small enough to balance uneven files, large
/// enough that threads rarely meet on the counter.
const BATCH: usize = 16;

/// `items.iter().map(f).collect()`, spread over `threads` threads.
pub fn map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.min(items.len().div_ceil(BATCH));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(BATCH, Ordering::Relaxed);
                        let Some(batch) = items.get(start..(start + BATCH).min(items.len())) else {
                            break;
                        };
                        if batch.is_empty() {
                            break;
                        }
                        done.extend(
                            batch
                                .iter()
                                .enumerate()
                                .map(|(offset, item)| (start + offset, f(item))),
                        );
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| match worker.join() {
                Ok(done) => done,
                // `f` is expected to catch its own panics; re-raise one that escaped.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// The number of threads to use when none is asked for: one per core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

#[cfg(test)]
mod tests {
    #[test]
    fn order_is_kept_whatever_the_thread_count() {
        let items: Vec<usize> = (0..1000).collect();
        for threads in [0, 1, 2, 3, 8, 200] {
            let out = super::map(&items, threads, |n| n * 2);
            assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        }
        assert!(super::map(&[] as &[u8], 4, |_| ()).is_empty());
    }
}
