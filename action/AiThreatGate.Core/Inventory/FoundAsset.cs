using System;
using System.Collections.Generic;

namespace AiThreatGate.Core.Inventory;

/// <summary>An AI asset found in code: what it is, where, and which lifecycle stages it belongs to.</summary>
public sealed record FoundAsset(string Kind, string Name, string Stages, string File, int Line)
{
    /// <summary>The file of an asset found in a syntax tree without a path (tests, generated in memory): not a scope.</summary>
    public const string InMemoryPath = "(in memory)";

    /// <summary>Every file the asset was found in, <see cref="File"/> first: the scaffold scopes the asset's Detects entries to them.</summary>
    public IReadOnlyList<string> Files { get; init; } = new[] { File };

    /// <summary>
    /// For an endpoint: the assets its handler reaches in code (directly or through the methods it calls). Empty when the
    /// inventory could not establish any use; the data-flow diagram then draws no edge rather than a guessed one.
    /// </summary>
    public IReadOnlyList<AssetKey> Uses { get; init; } = Array.Empty<AssetKey>();

    public AssetKey Key => new(Kind, Name);
}

/// <summary>Identifies a found asset: the inventory keeps one asset per kind and name.</summary>
public sealed record AssetKey(string Kind, string Name);
