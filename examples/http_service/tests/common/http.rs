//! One HTTP/1.1 exchange over loopback, written out by hand so that a
//! test sends exactly the bytes it means to: what the service's tests and
//! its browser test (`browser/tests/browser.rs`) send as a program.
//! Included by path (`#[path = ".../tests/common/http.rs"] mod http;`).

#![allow(dead_code, reason = "each test that includes it reads a part")]

use std::net::SocketAddr;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An HTTP/1.1 answer: the status, the headers (names lowercased) and the
/// body, read as JSON where it is.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Value,
}

impl From<Reply> for (u16, Value) {
    fn from(reply: Reply) -> Self {
        (reply.status, reply.body)
    }
}

impl Reply {
    /// The values of every header named `name`.
    pub(crate) fn header(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

/// One HTTP/1.1 request over loopback with exactly these headers (besides
/// `Host`, `Content-Length` and `Connection`). A server may answer a body
/// it refuses (too large) before reading it and close: what it answered is
/// kept, and the write's or read's errors after it are not the test's.
pub(crate) async fn exchange(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    let (mut reader, mut writer) = stream.split();
    let write = async {
        let _ = writer.write_all(&request).await;
    };
    let read = async {
        let mut answer = Vec::new();
        let mut chunk = [0; 4096];
        while let Ok(n @ 1..) = reader.read(&mut chunk).await {
            answer.extend_from_slice(&chunk[..n]);
        }
        answer
    };
    let ((), answer) = tokio::join!(write, read);
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.to_ascii_lowercase(), value.trim().to_owned())
        })
        .collect();
    let body = serde_json::from_str(body).unwrap_or(Value::String(body.to_owned()));
    Reply {
        status,
        headers,
        body,
    }
}
