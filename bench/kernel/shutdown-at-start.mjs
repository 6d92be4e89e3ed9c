#!/usr/bin/env node
/**
 * Repro loop for the abort at a shutdown sent right after start-up (README, "The abort at a
 * shutdown right after start-up"): shutdown_request (restart) as soon as kernel_info_reply is in.
 * `node bench/kernel/shutdown-at-start.mjs [rounds] [--node PATH] [--cold] [--flags "--x --y"]`;
 * output and options: shutdown-loop.mjs.
 */
import { loopArgs, shutdownLoop } from "./shutdown-loop.mjs";

await shutdownLoop({ ...loopArgs(), restart: true });
