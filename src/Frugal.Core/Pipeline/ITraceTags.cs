using System.Diagnostics;

namespace Frugal.Core.Pipeline;

/// <summary>
/// A feature that tags the spans of the stages that start after it was set (routing's target on the spans of the
/// per-attempt stages), so <see cref="TracedStage"/> needs to know no stage's types.
/// </summary>
public interface ITraceTags
{
    void AddTags(Activity activity);
}
