//! Inputs built to break a checker: bombs, depth, size, bytes that are not text. Each case is a
//! file name (its kind comes from it) and a generator of its bytes for a size `n`, with the
//! size the suite runs at. Shared by the CLI's adversarial test and the `adversarial` bench,
//! which times each at n and 4n.

pub struct Case {
    pub name: &'static str,
    pub file: &'static str,
    pub size: usize,
    pub make: fn(usize) -> Vec<u8>,
}

fn repeat(unit: &str, n: usize) -> String {
    unit.repeat(n)
}

pub const CASES: &[Case] = &[
    Case {
        name: "yaml alias bomb",
        file: "bomb.yaml",
        size: 9,
        make: |n| {
            let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..=n {
                let prev = i - 1;
                text.push_str(&format!(
                    "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
                ));
            }
            text.into_bytes()
        },
    },
    Case {
        name: "yaml 10,000-deep flow nesting",
        file: "deep-flow.yaml",
        size: 10_000,
        make: |n| format!("a: {}{}\n", repeat("[", n), repeat("]", n)).into_bytes(),
    },
    Case {
        name: "yaml 10,000-deep block nesting",
        file: "deep-block.yaml",
        size: 10_000,
        make: |n| {
            let mut text = String::new();
            for depth in 0..n {
                text.push_str(&" ".repeat(depth.min(2_000)));
                text.push_str(&format!("k{depth}:\n"));
            }
            text.into_bytes()
        },
    },
    Case {
        name: "yaml 5 MB scalar",
        file: "big-scalar.yaml",
        size: 5_000_000,
        make: |n| {
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: {}\n",
                repeat("x", n)
            )
            .into_bytes()
        },
    },
    Case {
        name: "yaml 10,000 documents",
        file: "documents.yaml",
        size: 10_000,
        make: |n| {
            let mut text = String::new();
            for i in 0..n {
                text.push_str(&format!(
                    "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  a: \"1\"\n"
                ));
            }
            text.into_bytes()
        },
    },
    Case {
        name: "yaml tabs in indentation",
        file: "tabs.yaml",
        size: 10_000,
        make: |n| {
            let mut text = String::from("apiVersion: v1\nkind: ConfigMap\ndata:\n");
            for i in 0..n {
                text.push_str(&format!("\tk{i}: v\n"));
            }
            text.into_bytes()
        },
    },
    Case {
        name: "yaml CRLF with a BOM",
        file: "crlf.yaml",
        size: 10_000,
        make: |n| {
            let mut text = String::from(
                "\u{feff}apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: crlf\r\ndata:\r\n",
            );
            for i in 0..n {
                text.push_str(&format!("  k{i}: v\r\n"));
            }
            text.into_bytes()
        },
    },
    Case {
        name: "yaml 1 MB line",
        file: "long-line.yaml",
        size: 1_000_000,
        make: |n| format!("a: [{}]\n", repeat("1,", n / 2)).into_bytes(),
    },
    Case {
        name: "dockerfile 100,000 continuation lines",
        file: "continuations.Dockerfile",
        size: 100_000,
        make: |n| {
            format!(
                "FROM debian:12\nRUN true \\\n{}&& true\n",
                repeat("  && echo x \\\n", n)
            )
            .into_bytes()
        },
    },
    Case {
        name: "dockerfile 1 MB line",
        file: "long-line.Dockerfile",
        size: 1_000_000,
        make: |n| format!("FROM debian:12\nRUN echo {}\n", repeat("x", n)).into_bytes(),
    },
    Case {
        name: "dockerfile unterminated heredoc",
        file: "unterminated.Dockerfile",
        size: 100_000,
        make: |n| format!("FROM debian:12\nRUN <<EOF\n{}", repeat("echo x\n", n)).into_bytes(),
    },
    Case {
        name: "dockerfile 50,000 heredocs",
        file: "heredocs.Dockerfile",
        size: 50_000,
        make: |n| format!("FROM debian:12\n{}", repeat("RUN <<EOF\necho x\nEOF\n", n)).into_bytes(),
    },
    Case {
        name: "dockerfile 50,000 RUN lines",
        file: "runs.Dockerfile",
        size: 50_000,
        make: |n| {
            let mut text =
                String::from("FROM debian:12\nCOPY app.tar.gz package.json /tmp/\nCOPY . /src\n");
            for i in 0..n {
                text.push_str(&format!(
                    "RUN npm install && tar -xzf /tmp/app.tar.gz && curl -o x{i} http://example.com\n"
                ));
            }
            text.into_bytes()
        },
    },
    Case {
        // Every RUN expands a variable no ARG or ENV defines, each close to a defined one: the
        // shell-variable rule's did-you-mean must not compare every pair.
        name: "dockerfile 10,000 ENV and 10,000 RUN with undefined variables",
        file: "shell-vars.Dockerfile",
        size: 10_000,
        make: |n| {
            let mut text = String::from("FROM scratch\n");
            for i in 0..n {
                text.push_str(&format!("ENV VARIABLE_{i}=x\n"));
            }
            for i in 0..n {
                text.push_str(&format!("RUN echo $VARIABLE_{i}X ${{OTHER_{i}}}\n"));
            }
            text.into_bytes()
        },
    },
    Case {
        name: "dockerfile random bytes",
        file: "random.Dockerfile",
        size: 100_000,
        make: |n| {
            // A fixed linear congruential sequence: the same bytes on every machine.
            let mut state: u32 = 0x2545_f491;
            (0..n)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (state >> 16) as u8
                })
                .collect()
        },
    },
    Case {
        name: "dockerfile invalid UTF-8",
        file: "latin1.Dockerfile",
        size: 10_000,
        make: |n| {
            let mut bytes = b"FROM debian:12\nRUN echo ".to_vec();
            bytes.extend(std::iter::repeat_n(0xe9u8, n));
            bytes.push(b'\n');
            bytes
        },
    },
    Case {
        name: "dockerfile with NUL",
        file: "nul.Dockerfile",
        size: 10_000,
        make: |n| {
            let mut bytes = b"FROM debian:12\nRUN echo ".to_vec();
            bytes.extend(std::iter::repeat_n(0u8, n));
            bytes
        },
    },
    Case {
        name: "empty dockerfile",
        file: "empty.Dockerfile",
        size: 0,
        make: |_| Vec::new(),
    },
    Case {
        name: "empty yaml",
        file: "empty.yaml",
        size: 0,
        make: |_| Vec::new(),
    },
    Case {
        name: "compose 10,000 services depending on the next",
        file: "compose.yaml",
        size: 10_000,
        make: |n| {
            let mut text = String::from("services:\n");
            for i in 0..n {
                text.push_str(&format!(
                    "  s{i}:\n    image: busybox:1.37\n    depends_on: [s{}]\n",
                    (i + 1) % n.max(1)
                ));
            }
            text.into_bytes()
        },
    },
];
