using System.Threading.Tasks;
using AiThreatGate.Analyzers.Rules;
using AiThreatGate.CodeFixes;
using Xunit;
using Verify = AiThreatGate.Analyzers.Tests.Verification.CodeFixVerifier<AiThreatGate.Analyzers.Rules.InsecureDeserializerAnalyzer, AiThreatGate.CodeFixes.TypeNameHandlingNoneCodeFix>;

namespace AiThreatGate.Analyzers.Tests.CodeFixes;

public sealed class TypeNameHandlingNoneCodeFixTests
{
    [Fact]
    public Task Sets_None_in_an_initializer() => Verify.VerifyAsync(
        """
        using Newtonsoft.Json;
        class C
        {
            object? Read(string json) => JsonConvert.DeserializeObject(json, new JsonSerializerSettings { [|TypeNameHandling = TypeNameHandling.All|] });
        }
        """,
        """
        using Newtonsoft.Json;
        class C
        {
            object? Read(string json) => JsonConvert.DeserializeObject(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None });
        }
        """);

    [Fact]
    public Task Fix_all_sets_None_everywhere_in_the_document() => Verify.VerifyAsync(
        """
        using Newtonsoft.Json;
        class C
        {
            JsonSerializer A()
            {
                var s = new JsonSerializer();
                [|s.TypeNameHandling = TypeNameHandling.Auto|];
                return s;
            }

            JsonSerializerSettings B() => new JsonSerializerSettings { [|TypeNameHandling = TypeNameHandling.Objects|] };
        }
        """,
        """
        using Newtonsoft.Json;
        class C
        {
            JsonSerializer A()
            {
                var s = new JsonSerializer();
                s.TypeNameHandling = TypeNameHandling.None;
                return s;
            }

            JsonSerializerSettings B() => new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
        }
        """,
        fixAll: true);
}
