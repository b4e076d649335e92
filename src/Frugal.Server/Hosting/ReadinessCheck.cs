namespace Frugal.Server.Hosting;

/// <summary>One line of the /readyz answer: a check's name, whether it passed and a short reason (never a path, host or secret).</summary>
public readonly record struct ReadinessCheck(string Name, bool Ok, string Detail);
