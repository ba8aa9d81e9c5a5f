using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AiThreatGate.Testing;

/// <summary>
/// A JSON Schema validator for the keywords the official schemas in ../shared use (draft-04 and draft-07:
/// type, properties, required, additional/pattern properties, items, enum, const, bounds, lengths, pattern,
/// uri/date-time formats, allOf/anyOf/oneOf/not, if/then/else, dependencies, local $ref).
/// No JSON Schema package restores from the registry served here, so the tests carry their own.
/// </summary>
public sealed class JsonSchemaValidator
{
    private readonly JsonElement _root;

    public JsonSchemaValidator(JsonElement schema) => _root = schema;

    public static JsonSchemaValidator FromFile(string path)
    {
        var text = System.IO.File.ReadAllText(path).TrimStart('\uFEFF');
        using var document = JsonDocument.Parse(text);
        return new JsonSchemaValidator(document.RootElement.Clone());
    }

    /// <summary>Validates against a definition inside the document (a Swagger file's <c>#/definitions/Name</c>).</summary>
    public IReadOnlyList<string> ValidateAgainst(JsonElement instance, string pointer)
    {
        var errors = new List<string>();
        Validate(Resolve(pointer), instance, "$", errors);
        return errors;
    }

    public IReadOnlyList<string> Validate(JsonElement instance)
    {
        var errors = new List<string>();
        Validate(_root, instance, "$", errors);
        return errors;
    }

    public IReadOnlyList<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Validate(document.RootElement.Clone());
    }

    private void Validate(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add($"{path}: no value is allowed here");
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Validate(Resolve(reference.GetString()!), instance, path, errors);
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, instance))
        {
            errors.Add($"{path}: expected {type.GetRawText()}, found {Describe(instance)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(value => JsonEquals(value, instance)))
        {
            errors.Add($"{path}: {instance.GetRawText()} is not one of {allowed.GetRawText()}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonEquals(constant, instance))
        {
            errors.Add($"{path}: expected the constant {constant.GetRawText()}");
        }

        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(schema, instance, path, errors);
                break;
            case JsonValueKind.Array:
                ValidateArray(schema, instance, path, errors);
                break;
            case JsonValueKind.String:
                ValidateString(schema, instance.GetString()!, path, errors);
                break;
            case JsonValueKind.Number:
                ValidateNumber(schema, instance.GetDouble(), path, errors);
                break;
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Validate(part, instance, path, errors);
            }
        }

        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(part => IsValid(part, instance, path)))
        {
            errors.Add($"{path}: matches none of the anyOf alternatives");
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(part => IsValid(part, instance, path));
            if (matches != 1)
            {
                errors.Add($"{path}: matches {matches} of the oneOf alternatives, expected exactly one");
            }
        }

        if (schema.TryGetProperty("not", out var not) && IsValid(not, instance, path))
        {
            errors.Add($"{path}: matches a schema it must not match");
        }

        if (schema.TryGetProperty("if", out var condition))
        {
            if (IsValid(condition, instance, path))
            {
                if (schema.TryGetProperty("then", out var then))
                {
                    Validate(then, instance, path, errors);
                }
            }
            else if (schema.TryGetProperty("else", out var otherwise))
            {
                Validate(otherwise, instance, path, errors);
            }
        }
    }

    private bool IsValid(JsonElement schema, JsonElement instance, string path)
    {
        var errors = new List<string>();
        Validate(schema, instance, path, errors);
        return errors.Count == 0;
    }

    private void ValidateObject(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray())
            {
                if (!instance.TryGetProperty(name.GetString()!, out _))
                {
                    errors.Add($"{path}: required property '{name.GetString()}' is missing");
                }
            }
        }

        var count = instance.EnumerateObject().Count();
        if (schema.TryGetProperty("minProperties", out var minProperties) && count < minProperties.GetInt32())
        {
            errors.Add($"{path}: has {count} properties, fewer than {minProperties.GetInt32()}");
        }

        if (schema.TryGetProperty("maxProperties", out var maxProperties) && count > maxProperties.GetInt32())
        {
            errors.Add($"{path}: has {count} properties, more than {maxProperties.GetInt32()}");
        }

        schema.TryGetProperty("properties", out var properties);
        schema.TryGetProperty("patternProperties", out var patternProperties);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in instance.EnumerateObject())
        {
            var childPath = path + "." + property.Name;
            var matched = false;
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                matched = true;
                Validate(propertySchema, property.Value, childPath, errors);
            }

            if (patternProperties.ValueKind == JsonValueKind.Object)
            {
                foreach (var pattern in patternProperties.EnumerateObject())
                {
                    if (Regex.IsMatch(property.Name, pattern.Name, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        matched = true;
                        Validate(pattern.Value, property.Value, childPath, errors);
                    }
                }
            }

            if (!matched && hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: property '{property.Name}' is not allowed");
                }
                else
                {
                    Validate(additional, property.Value, childPath, errors);
                }
            }
        }

        if (schema.TryGetProperty("dependencies", out var dependencies))
        {
            foreach (var dependency in dependencies.EnumerateObject())
            {
                if (!instance.TryGetProperty(dependency.Name, out _))
                {
                    continue;
                }

                if (dependency.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var name in dependency.Value.EnumerateArray())
                    {
                        if (!instance.TryGetProperty(name.GetString()!, out _))
                        {
                            errors.Add($"{path}: '{dependency.Name}' requires '{name.GetString()}'");
                        }
                    }
                }
                else
                {
                    Validate(dependency.Value, instance, path, errors);
                }
            }
        }
    }

    private void ValidateArray(JsonElement schema, JsonElement instance, string path, List<string> errors)
    {
        var items = instance.EnumerateArray().ToList();
        if (schema.TryGetProperty("minItems", out var minItems) && items.Count < minItems.GetInt32())
        {
            errors.Add($"{path}: has {items.Count} items, fewer than {minItems.GetInt32()}");
        }

        if (schema.TryGetProperty("maxItems", out var maxItems) && items.Count > maxItems.GetInt32())
        {
            errors.Add($"{path}: has {items.Count} items, more than {maxItems.GetInt32()}");
        }

        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = i + 1; j < items.Count; j++)
                {
                    if (JsonEquals(items[i], items[j]))
                    {
                        errors.Add($"{path}: items {i} and {j} are equal but must be unique");
                    }
                }
            }
        }

        if (!schema.TryGetProperty("items", out var itemSchema))
        {
            return;
        }

        if (itemSchema.ValueKind == JsonValueKind.Array)
        {
            var tuple = itemSchema.EnumerateArray().ToList();
            for (var i = 0; i < items.Count; i++)
            {
                if (i < tuple.Count)
                {
                    Validate(tuple[i], items[i], $"{path}[{i}]", errors);
                }
                else if (schema.TryGetProperty("additionalItems", out var additionalItems))
                {
                    Validate(additionalItems, items[i], $"{path}[{i}]", errors);
                }
            }

            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            Validate(itemSchema, items[i], $"{path}[{i}]", errors);
        }
    }

    private static void ValidateString(JsonElement schema, string value, string path, List<string> errors)
    {
        var length = new StringInfo(value).LengthInTextElements;
        if (schema.TryGetProperty("minLength", out var minLength) && length < minLength.GetInt32())
        {
            errors.Add($"{path}: is shorter than {minLength.GetInt32()} characters");
        }

        if (schema.TryGetProperty("maxLength", out var maxLength) && length > maxLength.GetInt32())
        {
            errors.Add($"{path}: is longer than {maxLength.GetInt32()} characters");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(value, pattern.GetString()!, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: '{value}' does not match the pattern {pattern.GetString()}");
        }

        if (schema.TryGetProperty("format", out var format))
        {
            var ok = format.GetString() switch
            {
                "uri" => Uri.TryCreate(value, UriKind.Absolute, out _),
                "uri-reference" => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
                "date-time" => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && value.Contains('T', StringComparison.Ordinal),
                _ => true,
            };
            if (!ok)
            {
                errors.Add($"{path}: '{value}' is not a valid {format.GetString()}");
            }
        }
    }

    private static void ValidateNumber(JsonElement schema, double value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("minimum", out var minimum))
        {
            var exclusive = schema.TryGetProperty("exclusiveMinimum", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (exclusive ? value <= minimum.GetDouble() : value < minimum.GetDouble())
            {
                errors.Add($"{path}: {value} is below the minimum {minimum.GetDouble()}");
            }
        }

        if (schema.TryGetProperty("maximum", out var maximum))
        {
            var exclusive = schema.TryGetProperty("exclusiveMaximum", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (exclusive ? value >= maximum.GetDouble() : value > maximum.GetDouble())
            {
                errors.Add($"{path}: {value} is above the maximum {maximum.GetDouble()}");
            }
        }

        if (schema.TryGetProperty("exclusiveMinimum", out var exclusiveMinimum) && exclusiveMinimum.ValueKind == JsonValueKind.Number && value <= exclusiveMinimum.GetDouble())
        {
            errors.Add($"{path}: {value} is not above {exclusiveMinimum.GetDouble()}");
        }

        if (schema.TryGetProperty("exclusiveMaximum", out var exclusiveMaximum) && exclusiveMaximum.ValueKind == JsonValueKind.Number && value >= exclusiveMaximum.GetDouble())
        {
            errors.Add($"{path}: {value} is not below {exclusiveMaximum.GetDouble()}");
        }
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new NotSupportedException("Only local $ref values are supported: " + reference);
        }

        var current = _root;
        foreach (var segment in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current.GetProperty(name);
        }

        return current;
    }

    private static bool MatchesType(JsonElement type, JsonElement instance) =>
        type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Any(t => MatchesType(t.GetString()!, instance))
            : MatchesType(type.GetString()!, instance);

    private static bool MatchesType(string type, JsonElement instance) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && Math.Abs(instance.GetDouble() % 1) < double.Epsilon,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static string Describe(JsonElement instance) => instance.ValueKind.ToString().ToLowerInvariant();

    private static bool JsonEquals(JsonElement left, JsonElement right)
    {
        if (left.ValueKind == JsonValueKind.Number && right.ValueKind == JsonValueKind.Number)
        {
            return left.GetDouble().Equals(right.GetDouble());
        }

        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }

        return left.ValueKind switch
        {
            JsonValueKind.Object => left.EnumerateObject().Count() == right.EnumerateObject().Count()
                && left.EnumerateObject().All(p => right.TryGetProperty(p.Name, out var other) && JsonEquals(p.Value, other)),
            JsonValueKind.Array => left.GetArrayLength() == right.GetArrayLength()
                && left.EnumerateArray().Zip(right.EnumerateArray()).All(pair => JsonEquals(pair.First, pair.Second)),
            JsonValueKind.String => left.GetString() == right.GetString(),
            _ => true,
        };
    }
}
