namespace Frugal.Tools.SelfHosting;

/// <summary>The parts of a dense transformer that size its KV cache.</summary>
public sealed record ModelShape(string Name, decimal Parameters, int Layers, int KvHeads, int HeadDim);
