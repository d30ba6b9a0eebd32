// Text from the data (file names, speaker names, titles, transcript text) made safe to print on a
// terminal: control characters would otherwise move the cursor, rewrite earlier lines or change the
// terminal's state (ESC sequences).
#pragma once

#include <string>
#include <string_view>

namespace presser {

// C0 controls (newline as \n, tab as \t, carriage return as \r, the others as \xHH, e.g. ESC as \x1b), DEL
// (\x7f), C1 controls (U+0080-U+009F, as \u0085) and bytes that are not UTF-8 (\xHH) escaped; everything
// else, backslashes included, unchanged. For table and summary output only: JSON has its own escaping.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace presser
