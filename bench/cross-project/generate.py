#!/usr/bin/env python3
"""Generates the cross-project benchmark solution: N projects in layers of WIDTH, each project referencing two
projects of the layer below, so model output travels up every layer through ordinary service methods.

  layer 0    P000..  call the model (IChatClient) and return its text; declare IAnswerSource; an allowlist helper
  layer 1..  relay the answer of the layer below (a pass-through method), implement the model layer's IAnswerSource,
             offer a sink helper (SqliteCommand.CommandText from a parameter), plus ordinary code
  top layer  execute the relayed answer as SQL directly and through the lower layer's sink helper (the risky flows
             the scan must find across projects) and pass an allowlisted answer (a safe look-alike)

Every project also has FILLER files of ordinary code (no AI API). Writes OUT/Bench.slnx and OUT/src/P###/.
The top layer exists from three layers up (N > 2 * WIDTH).
Usage: generate.py OUT N [WIDTH] [FILLER]"""
import os, sys

out = sys.argv[1]
count = int(sys.argv[2])
width = int(sys.argv[3]) if len(sys.argv) > 3 else 10
filler = int(sys.argv[4]) if len(sys.argv) > 4 else 5
layers = (count + width - 1) // width


def name(i):
    return f"P{i:03d}"


def below(i):
    """The two projects of the layer below that project i references."""
    layer, k = divmod(i, width)
    if layer == 0:
        return []
    lower = (layer - 1) * width
    lower_width = min(width, count - lower)
    return sorted({lower + k % lower_width, lower + (k + 1) % lower_width})


csproj = '''<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <NoWarn>$(NoWarn);NU1603</NoWarn>
  </PropertyGroup>
{items}</Project>
'''

packages = '''  <ItemGroup>
    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="10.11.0" />
    <PackageReference Include="Microsoft.Data.Sqlite" Version="10.0.11" />
  </ItemGroup>
'''

model_layer = '''using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Bench.{p};

public interface IAnswerSource
{{
    Task<string> AnswerAsync(string question);
}}

public sealed class ChatService : IAnswerSource
{{
    private readonly IChatClient _chat;

    public ChatService(IChatClient chat) => _chat = chat;

    public async Task<string> AnswerAsync(string question)
    {{
        var response = await _chat.GetResponseAsync(question);
        return response.Text;
    }}
}}

public static class Allowlist
{{
    private static readonly string[] Known = {{ "orders", "customers", "invoices" }};

    public static string Table(string candidate) => System.Array.IndexOf(Known, candidate) >= 0 ? candidate : "orders";
}}
'''

relay_layer = '''using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Bench.{p};

public sealed class Relay
{{
    private readonly {below} _source;

    public Relay({below} source) => _source = source;

    public Task<string> AnswerAsync(string question) => _source.AnswerAsync(question);
}}

public sealed class CachedSource : Bench.{root}.IAnswerSource
{{
    private readonly Relay _relay;

    public CachedSource(Relay relay) => _relay = relay;

    public async Task<string> AnswerAsync(string question) => (await _relay.AnswerAsync(question)).Trim();
}}

public static class Store
{{
    public static int Run(SqliteConnection connection, string sql)
    {{
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }}
}}
'''

top_layer = '''using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace Bench.{p};

public sealed class App
{{
    private readonly Bench.{lower}.Relay _relay;

    public App(Bench.{lower}.Relay relay) => _relay = relay;

    public async Task<int> ExecuteAsync(SqliteConnection connection, string question)
    {{
        var sql = await _relay.AnswerAsync(question);
        using var command = new SqliteCommand(sql, connection);
        return command.ExecuteNonQuery();
    }}

    public async Task<int> ExecuteThroughHelperAsync(SqliteConnection connection, string question)
    {{
        var sql = await _relay.AnswerAsync(question);
        return Bench.{lower}.Store.Run(connection, sql);
    }}

    public async Task<int> CountAsync(SqliteConnection connection, string question)
    {{
        var table = Bench.{root}.Allowlist.Table(await _relay.AnswerAsync(question));
        using var command = new SqliteCommand("SELECT COUNT(*) FROM " + table, connection);
        return System.Convert.ToInt32(command.ExecuteScalar());
    }}
}}
'''

ordinary = '''using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Bench.{p}.Module{f};

public sealed class Service{f}
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

    public IReadOnlyList<(string Key, int Count)> Top(int n) =>
        _counts.OrderByDescending(pair => pair.Value).Take(n).Select(pair => (pair.Key, pair.Value)).ToList();
}}
'''

top_first = (layers - 1) * width
entries = []
for i in range(count):
    p = name(i)
    folder = os.path.join(out, "src", p)
    os.makedirs(folder, exist_ok=True)
    refs = below(i)
    items = packages if not refs else "  <ItemGroup>\n" + "".join(
        f'    <ProjectReference Include="../{name(r)}/{name(r)}.csproj" />\n' for r in refs) + "  </ItemGroup>\n"
    with open(os.path.join(folder, p + ".csproj"), "w") as f:
        f.write(csproj.format(items=items))
    if not refs:
        code = model_layer.format(p=p)
    elif i >= top_first and layers >= 3:
        code = top_layer.format(p=p, lower=name(refs[0]), root=name(i % width))
    else:
        # Layer 1 relays the model layer's interface; every later layer relays the Relay of the layer below.
        layer = i // width
        source = f"Bench.{name(refs[0])}.IAnswerSource" if layer == 1 else f"Bench.{name(refs[0])}.Relay"
        code = relay_layer.format(p=p, below=source, root=name(i % width))
    with open(os.path.join(folder, "Main.cs"), "w") as f:
        f.write(code)
    for n in range(filler):
        with open(os.path.join(folder, f"Service{n}.cs"), "w") as f:
            f.write(ordinary.format(p=p, f=n))
    entries.append(f'  <Project Path="src/{p}/{p}.csproj" />')

with open(os.path.join(out, "Bench.slnx"), "w") as f:
    f.write("<Solution>\n" + "\n".join(entries) + "\n</Solution>\n")
for name_, text in (("Directory.Build.props", "<Project />\n"), ("Directory.Build.targets", "<Project />\n"),
                    ("Directory.Packages.props", "<Project />\n")):
    with open(os.path.join(out, name_), "w") as f:
        f.write(text)
print(f"{count} projects, {layers} layers, {count - top_first if layers >= 3 else 0} top-layer apps")
