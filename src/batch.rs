//! Batch work over the lines of a stream on every core, with results in input order and memory
//! that stays flat however long the input: lines are read in chunks, a bounded queue feeds the
//! workers, and finished chunks wait at most a few places for their turn.

use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

/// Lines per chunk: enough to make queueing cheap, few enough to keep memory small.
pub const CHUNK: usize = 512;

/// One line of input: its 1-based number and its bytes without the line ending.
pub struct Line<'a> {
    /// 1-based line number.
    pub number: usize,
    /// The bytes, without `\n` (or `\r\n`).
    pub bytes: &'a [u8],
}

/// Consecutive lines read into one buffer: one allocation for a chunk, not one (and its
/// regrowth) per line.
struct Chunk {
    /// The number of the first line.
    first: usize,
    /// The lines' bytes, endings removed, one after another.
    text: Vec<u8>,
    /// Where each line ends in `text`.
    ends: Vec<usize>,
}

impl Chunk {
    fn lines(&self) -> impl Iterator<Item = Line<'_>> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(self.first..)
            .map(|((start, &end), number)| Line {
                number,
                bytes: &self.text[start..end],
            })
    }
}

/// How many workers to run: every core the process may use.
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Reads `input` line by line and runs `work` on each line on `threads` workers; `each` gets
/// the results on the calling thread, in input order, and may stop the run by returning
/// `Ok(false)` or an error. Returns the first error of reading or of `each`.
///
/// Lines go to the workers `chunk` at a time: [`CHUNK`] for work on the CPU, 1 when each line
/// waits on something slow (a remote model), so that `threads` lines are in flight at once.
pub fn run<R, T, E, W, F>(
    input: R,
    threads: usize,
    chunk: usize,
    work: W,
    mut each: F,
) -> Result<(), E>
where
    R: BufRead + Send,
    T: Send,
    E: From<io::Error>,
    W: Fn(&Line<'_>) -> T + Sync,
    F: FnMut(&Line<'_>, T) -> Result<bool, E>,
{
    let threads = threads.max(1);
    let chunk = chunk.max(1);
    let (chunks_in, chunks) = sync_channel::<(usize, Chunk)>(threads * 2);
    let (done_out, done) = sync_channel::<(usize, Chunk, Vec<T>)>(threads * 2);
    let chunks = Mutex::new(chunks);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done_out = done_out.clone();
            let (chunks, work) = (&chunks, &work);
            scope.spawn(move || {
                loop {
                    let next = chunks.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((index, lines)) = next else { return };
                    let results = lines.lines().map(|line| work(&line)).collect();
                    if done_out.send((index, lines, results)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_out);
        let reader = {
            let stop = &stop;
            scope.spawn(move || read_chunks(input, chunk, &chunks_in, stop))
        };
        let ordered = in_order(&done, &mut each);
        // When the consumer stopped early: the workers stop at their next send, the reader at its
        // next chunk, and whatever it already queued is drained so it is never stuck sending.
        stop.store(true, Ordering::Relaxed);
        drop(done);
        while chunks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .recv()
            .is_ok()
        {}
        let read = reader.join().unwrap_or(Ok(()));
        ordered?;
        read.map_err(E::from)
    })
}

/// Reads chunks of lines and queues them, until the input ends or nobody listens.
fn read_chunks(
    mut input: impl BufRead,
    chunk: usize,
    queue: &std::sync::mpsc::SyncSender<(usize, Chunk)>,
    stop: &AtomicBool,
) -> io::Result<()> {
    let mut number = 1;
    // A chunk's buffer starts at the size the chunk before needed, so it seldom grows (a huge
    // line makes only the next chunk's buffer huge, not every later one).
    let mut capacity = 0;
    for index in 0.. {
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        let mut lines = Chunk {
            first: number,
            text: Vec::with_capacity(capacity),
            ends: Vec::with_capacity(chunk),
        };
        while lines.ends.len() < chunk {
            // The line's ending is taken off its own bytes only: after an empty line, the byte
            // before is the previous line's, whatever it is.
            let start = lines.text.len();
            if input.read_until(b'\n', &mut lines.text)? == 0 {
                break;
            }
            number += 1;
            if lines.text.last() == Some(&b'\n') {
                lines.text.pop();
                if lines.text.len() > start && lines.text.last() == Some(&b'\r') {
                    lines.text.pop();
                }
            }
            lines.ends.push(lines.text.len());
        }
        capacity = lines.text.len();
        let last = lines.ends.len() < chunk;
        if !lines.ends.is_empty() && queue.send((index, lines)).is_err() {
            return Ok(());
        }
        if last {
            return Ok(());
        }
    }
    Ok(())
}

/// Hands finished chunks to `each` in input order.
fn in_order<T, E>(
    done: &Receiver<(usize, Chunk, Vec<T>)>,
    each: &mut impl FnMut(&Line<'_>, T) -> Result<bool, E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (index, lines, results) in done {
        waiting.insert(index, (lines, results));
        while let Some((lines, results)) = waiting.remove(&next) {
            next += 1;
            debug_assert_eq!(lines.ends.len(), results.len());
            for (line, result) in lines.lines().zip(results) {
                if !each(&line, result)? {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_whatever_the_threads() {
        let text: String = (1..=5000).map(|n| format!("{n}\n")).collect();
        for threads in [1, 2, 7] {
            let mut seen = Vec::new();
            run::<_, _, io::Error, _, _>(
                text.as_bytes(),
                threads,
                CHUNK,
                |line| {
                    let n: u64 = std::str::from_utf8(line.bytes).unwrap().parse().unwrap();
                    // Uneven work, so chunks finish out of order.
                    let mut x = n;
                    for _ in 0..(n % 97) * 50 {
                        x = std::hint::black_box(x);
                    }
                    x
                },
                |line, n| {
                    assert_eq!(line.number as u64, n);
                    seen.push(n);
                    Ok(true)
                },
            )
            .unwrap();
            assert_eq!(seen, (1..=5000).collect::<Vec<_>>(), "{threads} threads");
        }
    }

    #[test]
    fn the_consumer_can_stop_early_and_nothing_hangs() {
        let text: String = (1..=100_000).map(|n| format!("{n}\n")).collect();
        let mut count = 0;
        run::<_, _, io::Error, _, _>(
            text.as_bytes(),
            2,
            CHUNK,
            |line| line.number,
            |_, _| {
                count += 1;
                Ok(count < 10)
            },
        )
        .unwrap();
        assert_eq!(count, 10);
    }

    #[test]
    fn every_line_keeps_its_number_and_bytes_across_chunk_boundaries() {
        let long = "x".repeat(100_000);
        // A carriage return ending the line before an empty one stays with its line.
        let text = format!("one\n\ntwo\r\n{long}\nthree\r\r\n\n\nfive\r\n\r\nsix\r\n\nseven");
        let expected: Vec<(usize, Vec<u8>)> = text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line).as_bytes().to_vec())
            .zip(1..)
            .map(|(bytes, number)| (number, bytes))
            .collect();
        for chunk in [1, 2, 3, CHUNK] {
            let mut seen = Vec::new();
            run::<_, _, io::Error, _, _>(
                text.as_bytes(),
                2,
                chunk,
                |line| (line.number, line.bytes.to_vec()),
                |line, (number, bytes)| {
                    assert_eq!((line.number, line.bytes), (number, &bytes[..]));
                    seen.push((number, bytes));
                    Ok(true)
                },
            )
            .unwrap();
            assert_eq!(seen, expected, "chunks of {chunk}");
        }
    }

    #[test]
    fn crlf_endings_and_a_last_line_without_newline_are_lines() {
        let mut lines = Vec::new();
        run::<_, _, io::Error, _, _>(
            &b"a\r\nb\nc"[..],
            2,
            CHUNK,
            |line| line.bytes.to_vec(),
            |_, bytes| {
                lines.push(bytes);
                Ok(true)
            },
        )
        .unwrap();
        assert_eq!(lines, [b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
    }
}
