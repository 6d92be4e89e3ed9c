"""Debian's jupyter_kernel_test suite against the installed d2l-ts kernelspec.

Run by test/jupyter/kernel-suite.test.ts as `/usr/bin/python3 -m unittest -v kernel_suite` with
JUPYTER_PATH pointing at a temporary prefix where `d2l-ts install --prefix` put the kernelspec.
Every test the suite has gets samples, except test_pager (the kernel sends no pager payloads).
Set D2L_TS_KERNEL_NAME to run it against another install name.
"""

import os
import unittest

import jupyter_kernel_test


class D2lTsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("D2L_TS_KERNEL_NAME", "d2l-ts")

    # kernel_info
    language_name = "typescript"
    file_extension = ".ts"

    # stdout / stderr streams
    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went wrong")'

    # Matches replace the token before the cursor (cursor_start = start of that token).
    # Library globals and built-ins must be known to the language service.
    completion_samples = [
        {"text": "Math.SQRT1", "matches": {"SQRT1_2"}},
        {"text": "Math.hyp", "matches": {"hypot"}},
        {"text": "nn.Sequen", "matches": {"Sequential"}},
        {"text": "const s = 'abc'; s.toUpper", "matches": {"toUpperCase"}},
    ]

    complete_code_samples = [
        "1 + 1",
        "const answer = 42;",
        "function twice(x: number): number { return 2 * x; }",
        "for (let i = 0; i < 2; i++) {\n  console.log(i);\n}",
        "const net = new nn.Sequential();",
    ]
    incomplete_code_samples = [
        "function twice(x: number) {",
        "const xs = [1, 2,",
        "if (true) {\n  console.log(1);",
        "const s = `open template",
    ]
    invalid_code_samples = [
        "}",
        "const = 5;",
        "let 1x = 2;",
    ]

    # error: exactly one output message, of type error
    code_generate_error = 'throw new Error("boom")'

    # execute_result: text/plain as Node's REPL shows it, and a display-protocol bundle
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'d2l' + '-ts'", "result": "'d2l-ts'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "Math.max(3, 9)", "result": "9"},
        {
            "code": '({ [Symbol.for("Jupyter.display")]() { return { "text/plain": "bold", "text/html": "<b>bold</b>" }; } })',
            "mime": "text/html",
            "result": "<b>bold</b>",
        },
    ]

    # history: tail, range and search (glob pattern, as IPython) with session numbers
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "Math.max*"

    # inspect: signature / docs from the TypeScript language service
    code_inspect_sample = "Math.max"

    # display_data: a MIME bundle passed to display(), and a library object
    code_display_data = [
        {"code": 'display({ "text/html": "<i>hi</i>", "text/plain": "hi" });', "mime": "text/html"},
        {
            "code": 'display({ "image/svg+xml": "<svg xmlns=\\"http://www.w3.org/2000/svg\\" width=\\"4\\" height=\\"4\\"></svg>", "text/plain": "svg" });',
            "mime": "image/svg+xml",
        },
        {"code": "display(new nn.Sequential().add(new nn.Dense(3)).collectParams());", "mime": "text/html"},
    ]

    # clear_output
    code_clear_output = 'console.log("soon gone"); clearOutput();'


if __name__ == "__main__":
    unittest.main()
