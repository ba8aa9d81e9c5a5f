// Shapes of Microsoft.SemanticKernel.Abstractions (not served by the registry here): only what tests use.
using System;

namespace Microsoft.SemanticKernel
{
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
    public sealed class KernelFunctionAttribute : Attribute
    {
        public KernelFunctionAttribute() { }
        public KernelFunctionAttribute(string name) { Name = name; }
        public string Name { get; }
    }
}
