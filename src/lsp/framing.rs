//! The byte stream around the server: a guard that passes only well-formed messages to it.
//! tower-lsp-server ends the session on a message whose body is not JSON or whose
//! `Content-Length` is broken; a client's bug must cost that one message, not the server.
//! The guard answers such a message with a JSON-RPC parse error (-32700), finds the next
//! header, and goes on. It bounds what it holds: a header is at most 8 KiB, a body at most
//! [`MAX_BODY`] (larger ones are skipped without being kept).

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// The largest message body passed on (a 64 MiB document, escaped, fits).
pub const MAX_BODY: usize = 160 * 1024 * 1024;

/// The longest header line kept.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// A frame for the client: `Content-Length` and body.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// The JSON-RPC answer to a message that could not be read.
pub fn parse_error(why: &str) -> Vec<u8> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": -32700, "message": format!("ssolint lsp: {why}")},
    });
    frame(body.to_string().as_bytes())
}

/// One header line, without its terminator; `None` at the end of input. A line longer
/// than [`MAX_HEADER_LINE`] is cut there (the rest of it is read and dropped).
async fn header_line<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> Option<Vec<u8>> {
    let mut line = Vec::new();
    loop {
        let available = input.fill_buf().await.ok()?;
        if available.is_empty() {
            return (!line.is_empty()).then_some(line);
        }
        let (taken, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        line.extend_from_slice(&available[..taken.min(room)]);
        input.consume(taken);
        if done {
            while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                line.pop();
            }
            return Some(line);
        }
    }
}

/// Reads framed messages from `input`; passes each well-formed one to `server` and sends a
/// parse error to `replies` for each one that is not. Returns at the end of input.
pub async fn guard<R, W>(input: R, mut server: W, replies: mpsc::UnboundedSender<Vec<u8>>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::new(input);
    loop {
        // Headers up to an empty line; only Content-Length matters.
        let mut length: Option<Result<usize, String>> = None;
        let mut saw_header = false;
        loop {
            let Some(line) = header_line(&mut input).await else {
                return;
            };
            if line.is_empty() {
                if saw_header {
                    break;
                }
                continue; // Blank lines between messages.
            }
            saw_header = true;
            let text = String::from_utf8_lossy(&line);
            if let Some((name, value)) = text.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length =
                    Some(value.trim().parse::<usize>().map_err(|_| {
                        format!("`Content-Length: {}` is not a length", value.trim())
                    }));
            }
        }
        let length = match length {
            None => {
                let _ = replies.send(parse_error("a message without Content-Length"));
                continue;
            }
            Some(Err(why)) => {
                let _ = replies.send(parse_error(&why));
                continue;
            }
            Some(Ok(n)) => n,
        };
        if length > MAX_BODY {
            let skipped = tokio::io::copy(
                &mut (&mut input).take(length as u64),
                &mut tokio::io::sink(),
            )
            .await;
            let _ = replies.send(parse_error(&format!(
                "a message of {length} bytes is larger than {MAX_BODY}"
            )));
            if skipped.map_or(true, |n| n < length as u64) {
                return;
            }
            continue;
        }
        let mut body = vec![0; length];
        if input.read_exact(&mut body).await.is_err() {
            return;
        }
        if serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_err() {
            let _ = replies.send(parse_error("a message whose body is not JSON"));
            continue;
        }
        if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
            return;
        }
    }
}

/// Reads the server's framed output and sends each frame, whole, to `out`.
pub async fn frames<R: AsyncRead + Unpin>(output: R, out: mpsc::UnboundedSender<Vec<u8>>) {
    let mut output = BufReader::new(output);
    loop {
        let mut length = None;
        loop {
            let Some(line) = header_line(&mut output).await else {
                return;
            };
            if line.is_empty() {
                if length.is_some() {
                    break;
                }
                continue;
            }
            let text = String::from_utf8_lossy(&line);
            if let Some((name, value)) = text.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.unwrap_or(0)];
        if output.read_exact(&mut body).await.is_err() {
            return;
        }
        if out.send(frame(&body)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the guard over `input`: (what the server got, what the client was answered).
    fn run(input: &[u8]) -> (Vec<u8>, Vec<String>) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut passed = Vec::new();
            let (replies, mut answers) = mpsc::unbounded_channel();
            guard(input, &mut passed, replies).await;
            let mut out = Vec::new();
            while let Ok(answer) = answers.try_recv() {
                out.push(String::from_utf8(answer).unwrap());
            }
            (passed, out)
        })
    }

    #[test]
    fn only_well_formed_messages_pass() {
        let good = frame(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let mut input = b"Content-Length: 5\r\n\r\n{oops".to_vec();
        input.extend_from_slice(b"Content-Length: many\r\n\r\n");
        input.extend_from_slice(b"Content-Type: x\r\n\r\n");
        input.extend_from_slice(&good);
        let (passed, answers) = run(&input);
        assert_eq!(passed, good);
        assert_eq!(answers.len(), 3, "{answers:?}");
        assert!(answers.iter().all(|a| a.contains("-32700")));
        assert!(answers[0].contains("not JSON"));
        assert!(answers[1].contains("`Content-Length: many`"));
        assert!(answers[2].contains("without Content-Length"));
    }

    #[test]
    fn a_huge_length_is_skipped_without_being_kept() {
        let mut input = format!("Content-Length: {}\r\n\r\n", MAX_BODY + 1).into_bytes();
        input.extend_from_slice(b"{}");
        // The input ends long before the announced length: nothing passes, one answer.
        let (passed, answers) = run(&input);
        assert!(passed.is_empty());
        assert_eq!(answers.len(), 1);
        assert!(answers[0].contains("larger than"));
    }
}
