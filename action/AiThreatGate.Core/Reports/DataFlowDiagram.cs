using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AiThreatGate.Core.ThreatModels;

namespace AiThreatGate.Core.Reports;

/// <summary>A node of the data-flow diagram: an asset (or a code-found component) placed in a trust zone.</summary>
public sealed record FlowNode(string Id, string Label, string Kind, FlowZone Zone);

/// <summary>A flow between two assets, by asset ID, that something outside the diagram (the code inventory) established.</summary>
public sealed record AssetFlow(string FromAssetId, string ToAssetId, string Label);

public enum FlowZone
{
    Users,
    Application,
    DataStores,
    ExternalServices,
}

/// <summary>
/// A data-flow diagram of the assets in trust zones: users reach endpoints, and the edges between assets are either the
/// flows the code inventory established (<c>init</c>) or, for a model written by hand (reports), guessed from the kinds:
/// endpoints use prompts, models and memory stores; prompts go to connectors; datasets feed model weights.
/// Rendered as Mermaid (GitHub renders it) and as inline SVG (HTML report).
/// </summary>
public static class DataFlowDiagram
{
    /// <summary>
    /// Nodes and edges guessed from the asset kinds alone (a model written by hand says nothing about who calls what):
    /// used by the reports. <c>init</c> knows the calls from the code and uses <see cref="Build(IEnumerable{Asset}, IEnumerable{AssetFlow})"/>.
    /// </summary>
    public static (IReadOnlyList<FlowNode> Nodes, IReadOnlyList<(string From, string To, string Label)> Edges) Build(IEnumerable<Asset> assets)
    {
        var nodes = Nodes(assets);
        var edges = new List<(string, string, string)>();
        IEnumerable<FlowNode> Of(params string[] kinds) => nodes.Where(n => kinds.Contains(n.Kind));
        var endpoints = Of("endpoint").ToList();
        foreach (var endpoint in endpoints)
        {
            edges.Add(("user", endpoint.Id, "request"));
            foreach (var used in Of("prompt", "model-weights", "memory-store", "embeddings"))
            {
                edges.Add((endpoint.Id, used.Id, "uses"));
            }
        }

        var callers = Of("prompt").Any() ? Of("prompt").ToList() : endpoints;
        foreach (var caller in callers)
        {
            foreach (var connector in Of("connector"))
            {
                edges.Add((caller.Id, connector.Id, "calls"));
            }
        }

        foreach (var dataset in Of("dataset"))
        {
            foreach (var weights in Of("model-weights"))
            {
                edges.Add((dataset.Id, weights.Id, "trains"));
            }
        }

        return (nodes, edges);
    }

    /// <summary>
    /// Nodes for the assets, users reaching every endpoint, and only the given <paramref name="flows"/> between assets:
    /// nothing is inferred from the kinds, so every edge is one the caller can show in the code.
    /// </summary>
    public static (IReadOnlyList<FlowNode> Nodes, IReadOnlyList<(string From, string To, string Label)> Edges) Build(IEnumerable<Asset> assets, IEnumerable<AssetFlow> flows)
    {
        var nodes = Nodes(assets);
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var edges = nodes.Where(n => n.Kind == "endpoint").Select(n => ("user", n.Id, "request")).ToList();
        foreach (var flow in flows)
        {
            var (from, to) = (SafeId(flow.FromAssetId), SafeId(flow.ToAssetId));
            if (ids.Contains(from) && ids.Contains(to) && !edges.Contains((from, to, flow.Label)))
            {
                edges.Add((from, to, flow.Label));
            }
        }

        return (nodes, edges);
    }

    public static string ToMermaid(IEnumerable<Asset> assets) => Mermaid(Build(assets));

    public static string ToMermaid(IEnumerable<Asset> assets, IEnumerable<AssetFlow> flows) => Mermaid(Build(assets, flows));

    private static List<FlowNode> Nodes(IEnumerable<Asset> assets)
    {
        var nodes = new List<FlowNode> { new("user", "Users / clients", "actor", FlowZone.Users) };
        foreach (var asset in assets)
        {
            var zone = asset.Kind switch
            {
                "dataset" or "embeddings" or "model-weights" or "memory-store" => FlowZone.DataStores,
                "connector" => FlowZone.ExternalServices,
                _ => FlowZone.Application,
            };
            nodes.Add(new FlowNode(SafeId(asset.Id), asset.Id + ": " + asset.Name, asset.Kind, zone));
        }

        return nodes;
    }

    private static string Mermaid((IReadOnlyList<FlowNode> Nodes, IReadOnlyList<(string From, string To, string Label)> Edges) diagram)
    {
        var (nodes, edges) = diagram;
        var text = new StringBuilder();
        text.AppendLine("flowchart LR");
        foreach (var zone in Enum.GetValues<FlowZone>())
        {
            var inZone = nodes.Where(n => n.Zone == zone).ToList();
            if (inZone.Count == 0)
            {
                continue;
            }

            text.AppendLine($"  subgraph {zone}[\"{ZoneTitle(zone)}\"]");
            foreach (var node in inZone)
            {
                var label = node.Label.Replace("\"", "'", StringComparison.Ordinal);
                text.AppendLine(node.Kind switch
                {
                    "actor" => $"    {node.Id}([\"{label}\"])",
                    "dataset" or "embeddings" or "model-weights" or "memory-store" => $"    {node.Id}[(\"{label}\")]",
                    "connector" => $"    {node.Id}{{{{\"{label}\"}}}}",
                    "endpoint" => $"    {node.Id}[[\"{label}\"]]",
                    _ => $"    {node.Id}[\"{label}\"]",
                });
            }

            text.AppendLine("  end");
        }

        foreach (var (from, to, label) in edges)
        {
            text.AppendLine($"  {from} -->|{label}| {to}");
        }

        return text.ToString();
    }

    /// <summary>A simple self-contained SVG: one column per trust zone, arrows between boxes.</summary>
    public static string ToSvg(IEnumerable<Asset> assets)
    {
        var (nodes, edges) = Build(assets);
        const int columnWidth = 230, boxWidth = 190, boxHeight = 40, gap = 20, top = 50;
        var positions = new Dictionary<string, (int X, int Y)>();
        var zones = Enum.GetValues<FlowZone>();
        var rows = 1;
        for (var z = 0; z < zones.Length; z++)
        {
            var inZone = nodes.Where(n => n.Zone == zones[z]).ToList();
            rows = Math.Max(rows, inZone.Count);
            for (var i = 0; i < inZone.Count; i++)
            {
                positions[inZone[i].Id] = (20 + z * columnWidth, top + i * (boxHeight + gap));
            }
        }

        var width = 20 + zones.Length * columnWidth;
        var height = top + rows * (boxHeight + gap) + 10;
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dataflow\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Data-flow diagram\">");
        svg.Append("<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"8\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#555\"/></marker></defs>");
        for (var z = 0; z < zones.Length; z++)
        {
            var x = 10 + z * columnWidth;
            svg.Append($"<rect x=\"{x}\" y=\"10\" width=\"{columnWidth - 10}\" height=\"{height - 15}\" rx=\"8\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"6 4\"/>");
            svg.Append($"<text x=\"{x + 10}\" y=\"32\" font-size=\"13\" font-weight=\"bold\" fill=\"#444\">{Html(ZoneTitle(zones[z]))}</text>");
        }

        foreach (var (from, to, label) in edges)
        {
            if (!positions.TryGetValue(from, out var a) || !positions.TryGetValue(to, out var b))
            {
                continue;
            }

            var (x1, y1) = (a.X + (b.X >= a.X ? boxWidth : 0), a.Y + boxHeight / 2);
            var (x2, y2) = (b.X + (b.X >= a.X ? 0 : boxWidth), b.Y + boxHeight / 2);
            svg.Append($"<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"#555\" marker-end=\"url(#arrow)\"><title>{Html(label)}</title></line>");
        }

        foreach (var node in nodes)
        {
            var (x, y) = positions[node.Id];
            var fill = node.Zone switch
            {
                FlowZone.Users => "#fde2e2",
                FlowZone.DataStores => "#e2ecfd",
                FlowZone.ExternalServices => "#fdf2d8",
                _ => "#e3f5e1",
            };
            var label = node.Label.Length > 28 ? node.Label[..27] + "…" : node.Label;
            svg.Append($"<g class=\"node\"><rect x=\"{x}\" y=\"{y}\" width=\"{boxWidth}\" height=\"{boxHeight}\" rx=\"6\" fill=\"{fill}\" stroke=\"#555\"/><text x=\"{x + 8}\" y=\"{y + 25}\" font-size=\"12\"><title>{Html(node.Label)}</title>{Html(label)}</text></g>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string ZoneTitle(FlowZone zone) => zone switch
    {
        FlowZone.Users => "Untrusted: users",
        FlowZone.Application => "Trust boundary: application",
        FlowZone.DataStores => "Data and model stores",
        _ => "External services",
    };

    private static string SafeId(string id)
    {
        var builder = new StringBuilder("n_");
        foreach (var c in id)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        return builder.ToString();
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);
}
