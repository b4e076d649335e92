using System.Diagnostics.CodeAnalysis;

namespace Frugal.Core.Pipeline;

/// <summary>Either a value or an expected error; errors are values, not exceptions.</summary>
public readonly struct GatewayResult<T>
    where T : class
{
    private GatewayResult(T? value, GatewayError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public GatewayError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static GatewayResult<T> Success(T value) => new(value, null);

    public static GatewayResult<T> Failure(GatewayError error) => new(null, error);

    public static implicit operator GatewayResult<T>(T value) => Success(value);

    public static implicit operator GatewayResult<T>(GatewayError error) => Failure(error);
}
