/**
 * The README links only inside the repository: every Markdown link or
 * image is an anchor of one of its own headings or a relative path to a file
 * that exists; no URL (the guide must work offline and from a tarball's
 * source).
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const readme = readFileSync(new URL("README.md", ROOT), "utf8");
/** The README without its code blocks, whose brackets are code, not links. */
const prose = readme.replace(/^```[\s\S]*?^```$/gm, "");

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

const anchors = new Set([...prose.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));
const targets = [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);

describe("the README's links", () => {
  it("has the guide's links and pictures", () => {
    expect(targets.filter((t) => t.startsWith("#")).length).toBeGreaterThanOrEqual(9);
    expect(targets.filter((t) => t.endsWith(".svg")).length).toBeGreaterThanOrEqual(4);
  });

  it("point at its own headings or at files in the repository", () => {
    const outside = targets.filter((t) => /^[a-z][a-z0-9+.-]*:/i.test(t) || t.startsWith("//") || t.startsWith("/") || t.startsWith("../"));
    expect(outside, "links that leave the repository").toEqual([]);
    const badAnchors = targets.filter((t) => t.startsWith("#") && !anchors.has(t.slice(1)));
    expect(badAnchors, "anchors without a heading").toEqual([]);
    const missing = targets.filter((t) => !t.startsWith("#") && !existsSync(new URL(t.split("#")[0], ROOT)));
    expect(missing, "paths that do not exist").toEqual([]);
  });

  it("holds no URL anywhere in its text", () => {
    expect(readme.match(/\bhttps?:\/\/\S+/g) ?? []).toEqual([]);
  });
});
