// Shapes of Microsoft.Extensions.VectorData.Abstractions 9.x (not served by the registry here).
using System.Collections.Generic;
using System.Threading;

namespace Microsoft.Extensions.VectorData
{
    public sealed class VectorSearchResult<TRecord>
    {
        public TRecord Record { get; }
        public double? Score { get; }
    }

    public sealed class VectorSearchOptions<TRecord> { }

    public abstract class VectorStoreCollection<TKey, TRecord>
    {
        public abstract IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(TInput searchValue, int top, VectorSearchOptions<TRecord> options = null, CancellationToken cancellationToken = default);
    }
}
