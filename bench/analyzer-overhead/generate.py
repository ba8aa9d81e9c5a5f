#!/usr/bin/env python3
"""Generates the analyzer-overhead benchmark project: N C# files, 5% of them calling LLM and model APIs
(OpenAI, Sqlite and ONNX Runtime), the rest ordinary code. Usage: generate.py OUTDIR [N]"""
import os, sys

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
os.makedirs(os.path.join(out, "src"), exist_ok=True)

ordinary = '''using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Bench.Module{m};

public sealed class Service{i}
{{
    private readonly Dictionary<string, int> _counts = new();

    public string Describe(IEnumerable<string> items)
    {{
        var builder = new StringBuilder();
        foreach (var item in items.Where(x => x.Length > 2).OrderBy(x => x))
        {{
            _counts[item] = _counts.TryGetValue(item, out var n) ? n + 1 : 1;
            builder.Append(item.ToUpperInvariant()).Append(';');
        }}

        return builder.ToString();
    }}

    public int Total(int[] values) => values.Where(v => v > 0).Sum() + _counts.Count;

    public string Path(string folder, string name) => System.IO.Path.Combine(folder, name.Trim());

    public bool Check(string input) => input.StartsWith("x", StringComparison.Ordinal) && input.Contains('y');
}}
'''

ai = '''using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.ML.OnnxRuntime;
using OpenAI.Chat;

namespace Bench.Ai{i};

public sealed class Assistant{i}
{{
    private readonly ChatClient _chat;

    public Assistant{i}(ChatClient chat) => _chat = chat;

    public async Task<string> AnswerAsync(string question)
    {{
        ChatCompletion completion = await _chat.CompleteChatAsync(new UserChatMessage(question));
        return completion.Content[0].Text;
    }}

    public async Task QueryAsync(SqliteCommand command, string question)
    {{
        var filter = await AnswerAsync(question);
        command.CommandText = "SELECT * FROM T WHERE " + filter;
    }}

    public InferenceSession Load(string path) => new InferenceSession(path);

    public async Task<string> SafeAsync(string question)
    {{
        var answer = await AnswerAsync(question);
        return File.ReadAllText(System.IO.Path.GetFileName(answer));
    }}
}}
'''

for i in range(count):
    text = ai.format(i=i) if i % 20 == 0 else ordinary.format(i=i, m=i % 50)
    with open(os.path.join(out, "src", f"File{i:05}.cs"), "w") as f:
        f.write(text)
print(f"generated {count} files in {out}")
