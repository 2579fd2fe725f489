//! A small OpenAI-compatible chat-completions server on 127.0.0.1 for tests: plain HTTP/1.1
//! with keep-alive, a thread per connection, a handler that decides each reply (status,
//! headers, body, delay), and counters of requests and of requests in flight at once. It
//! records every request's headers and body so tests can check what grill sent.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

/// What the server sends back for one request.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    /// 200 with a chat completion whose message content is `content`.
    pub fn content(content: &str) -> Reply {
        Reply::json(
            200,
            json!({
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "model": "test-model",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 90, "completion_tokens": 10, "total_tokens": 100}
            }),
        )
    }

    /// A status with a JSON body.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    /// An OpenAI-style error.
    pub fn error(status: u16, message: &str) -> Reply {
        Reply::json(status, json!({"error": {"message": message}}))
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// One request as received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Seen {
    /// The user message: the rubric and the delimited answer.
    pub fn user(&self) -> String {
        self.body["messages"][1]["content"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The answer between the markers.
    pub fn answer(&self) -> String {
        let user = self.user();
        let open = user.find("\n<answer-").expect("an opening marker");
        let marker_end = user[open..].find(">\n").expect("marker end") + open;
        let marker = &user[open + 2..marker_end];
        let close = user
            .find(&format!("\n</{marker}>"))
            .expect("a closing marker");
        user[marker_end + 2..close].to_owned()
    }

    /// The concept ids of the rubric in the request.
    pub fn concept_ids(&self) -> Vec<String> {
        let user = self.user();
        let start = user.find("Rubric:\n").expect("rubric") + "Rubric:\n".len();
        let end = user[start..].find("\n\n").expect("rubric end") + start;
        let rubric: Value = serde_json::from_str(&user[start..end]).expect("rubric JSON");
        rubric["concepts"]
            .as_array()
            .expect("concepts")
            .iter()
            .map(|c| c["id"].as_str().expect("id").to_owned())
            .collect()
    }

    /// The response_format type asked for, if any.
    pub fn format(&self) -> Option<String> {
        self.body["response_format"]["type"]
            .as_str()
            .map(str::to_owned)
    }
}

/// A grading reply: every concept of the request with this verdict and quote.
pub fn grading(seen: &Seen, verdict: &str, quote: &str) -> String {
    let concepts: Vec<Value> = seen
        .concept_ids()
        .iter()
        .map(|id| json!({"id": id, "verdict": verdict, "quote": quote}))
        .collect();
    json!({
        "concepts": concepts,
        "misconceptions": [],
        "feedback": "A fair answer. Say more about failures.",
        "follow_up": "What happens on a crash?"
    })
    .to_string()
}

type Handler = dyn Fn(usize, &Seen) -> Reply + Send + Sync;

/// The running server; it stops when dropped.
pub struct Server {
    pub url: String,
    pub hits: Arc<AtomicUsize>,
    pub max_in_flight: Arc<AtomicUsize>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    /// Starts a server; `handler` gets the 0-based request number and the request.
    pub fn start(handler: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}/v1", listener.local_addr().expect("address"));
        let handler: Arc<Handler> = Arc::new(handler);
        let hits = Arc::new(AtomicUsize::new(0));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        {
            let (hits, max_in_flight, seen, stop) = (
                hits.clone(),
                max_in_flight.clone(),
                seen.clone(),
                stop.clone(),
            );
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    let (handler, hits, in_flight, max_in_flight, seen) = (
                        handler.clone(),
                        hits.clone(),
                        in_flight.clone(),
                        max_in_flight.clone(),
                        seen.clone(),
                    );
                    thread::spawn(move || {
                        serve(stream, &*handler, &hits, &in_flight, &max_in_flight, &seen)
                    });
                }
            });
        }
        Server {
            url,
            hits,
            max_in_flight,
            seen,
            stop,
        }
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(
            self.url
                .trim_start_matches("http://")
                .trim_end_matches("/v1"),
        );
    }
}

fn serve(
    stream: TcpStream,
    handler: &Handler,
    hits: &AtomicUsize,
    in_flight: &AtomicUsize,
    max_in_flight: &AtomicUsize,
    seen: &Mutex<Vec<Seen>>,
) {
    let mut writer = match stream.try_clone() {
        Ok(writer) => writer,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_owned());
                if name == "content-length" {
                    length = value.parse().unwrap_or(0);
                }
                headers.push((name, value));
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request = Seen {
            headers,
            body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        };
        seen.lock().unwrap().push(request.clone());
        let number = hits.fetch_add(1, Ordering::SeqCst);
        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        max_in_flight.fetch_max(now, Ordering::SeqCst);
        let reply = handler(number, &request);
        thread::sleep(reply.delay);
        in_flight.fetch_sub(1, Ordering::SeqCst);
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            reply.status,
            reply.body.len()
        );
        for (name, value) in &reply.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if writer.write_all(head.as_bytes()).is_err()
            || writer.write_all(reply.body.as_bytes()).is_err()
        {
            return;
        }
    }
}
