using System.Globalization;
using System.Text;

namespace Sharpformers.Jinja.Runtime;

/// <summary>C/Python <c>strftime</c> in the C locale, for the directives chat templates use.</summary>
internal static class Strftime
{
    public static string Format(DateTime time, string format)
    {
        var invariant = CultureInfo.InvariantCulture;
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                builder.Append(format[i]);
                continue;
            }

            var directive = format[++i];
            var noPadding = false;
            if (directive == '-' && i + 1 < format.Length)
            {
                noPadding = true;
                directive = format[++i];
            }

            string Pad(int value, int width) => noPadding ? value.ToString(invariant) : value.ToString(new string('0', width), invariant);

            builder.Append(directive switch
            {
                'Y' => time.Year.ToString(invariant),
                'y' => Pad(time.Year % 100, 2),
                'm' => Pad(time.Month, 2),
                'd' => Pad(time.Day, 2),
                'e' => time.Day.ToString(invariant).PadLeft(2),
                'H' => Pad(time.Hour, 2),
                'I' => Pad(time.Hour % 12 == 0 ? 12 : time.Hour % 12, 2),
                'M' => Pad(time.Minute, 2),
                'S' => Pad(time.Second, 2),
                'f' => (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", invariant),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'j' => Pad(time.DayOfYear, 3),
                'b' or 'h' => invariant.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => invariant.DateTimeFormat.GetMonthName(time.Month),
                'a' => invariant.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'A' => invariant.DateTimeFormat.GetDayName(time.DayOfWeek),
                'w' => ((int)time.DayOfWeek).ToString(invariant),
                'u' => (time.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)time.DayOfWeek).ToString(invariant),
                'F' => time.ToString("yyyy-MM-dd", invariant),
                'T' => time.ToString("HH:mm:ss", invariant),
                'D' => time.ToString("MM/dd/yy", invariant),
                'R' => time.ToString("HH:mm", invariant),
                'Z' or 'z' => "",
                '%' => "%",
                _ => "%" + directive,
            });
        }

        return builder.ToString();
    }
}
