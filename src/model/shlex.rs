//! Python's `shlex.split(s)` (POSIX mode, no comments), which botocore applies to section
//! names such as `profile "my name"`. Returns `None` where Python raises `ValueError`.

pub fn split(s: &str) -> Option<Vec<String>> {
    const WHITESPACE: [char; 4] = [' ', '\t', '\r', '\n'];
    let mut tokens = Vec::new();
    let mut token = String::new();
    // A token exists once any character or quote has been seen (`""` is an empty token).
    let mut in_token = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            c if WHITESPACE.contains(&c) => {
                if in_token {
                    tokens.push(std::mem::take(&mut token));
                    in_token = false;
                }
            }
            '\\' => {
                token.push(chars.next()?);
                in_token = true;
            }
            '\'' => {
                in_token = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => token.push(c),
                    }
                }
            }
            '"' => {
                in_token = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => {
                            let next = chars.next()?;
                            // Inside double quotes a backslash escapes only `"` and `\`.
                            if next != '"' && next != '\\' {
                                token.push('\\');
                            }
                            token.push(next);
                        }
                        c => token.push(c),
                    }
                }
            }
            c => {
                token.push(c);
                in_token = true;
            }
        }
    }
    if in_token {
        tokens.push(token);
    }
    Some(tokens)
}

#[cfg(test)]
mod tests {
    use super::split;

    fn ok(s: &str) -> Vec<String> {
        split(s).unwrap()
    }

    #[test]
    fn matches_python_shlex() {
        assert_eq!(ok("profile foo"), ["profile", "foo"]);
        assert_eq!(ok("profile   foo"), ["profile", "foo"]);
        assert_eq!(ok("profile\tfoo"), ["profile", "foo"]);
        assert_eq!(ok("profile \"foo bar\""), ["profile", "foo bar"]);
        assert_eq!(ok("profile 'foo bar'"), ["profile", "foo bar"]);
        assert_eq!(ok("profile a\\b"), ["profile", "ab"]);
        assert_eq!(ok("profile a\"b\"c"), ["profile", "abc"]);
        assert_eq!(ok("profile \"\""), ["profile", ""]);
        assert_eq!(ok("profile \"a\\\"b\\x\""), ["profile", "a\"b\\x"]);
        assert_eq!(ok("  "), Vec::<String>::new());
        assert_eq!(split("profile \"unbalanced"), None);
        assert_eq!(split("profile it's"), None);
        assert_eq!(split("profile a\\"), None);
    }
}
