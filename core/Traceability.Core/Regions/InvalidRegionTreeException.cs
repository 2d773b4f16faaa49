namespace Traceability.Core.Regions;

/// <summary>Thrown by <see cref="RegionTree.Build"/> when the entries do not form a tree; lists every problem found.</summary>
public sealed class InvalidRegionTreeException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="problems">One line per problem, each naming the region it concerns.</param>
    public InvalidRegionTreeException(IReadOnlyList<string> problems)
        : base("The region tree is invalid: " + string.Join(" ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    /// <summary>Creates the exception with a message only.</summary>
    public InvalidRegionTreeException()
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What is wrong.</param>
    public InvalidRegionTreeException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidRegionTreeException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Every problem found, one per line, each naming the region it concerns.</summary>
    public IReadOnlyList<string> Problems { get; }
}
