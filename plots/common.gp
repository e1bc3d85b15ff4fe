# What every chart shares.  kk-plot copies this file into each chart's
# script, which runs it twice: with kk_fmt 'png', then 'svg', each time
# after a reset and before the chart's own template.
#   kk_source  footnote, first line: where the numbers come from
#   kk_note    footnote, second line: what the chart rests on (n, method)
#   kk_decimal the decimal mark of numbers on the axes ('.' or ',')
if (kk_fmt eq 'png') {
  set terminal pngcairo size 1200,800 noenhanced font 'DejaVu Sans,11'
} else {
  set terminal svg size 1200,800 dynamic noenhanced font 'DejaVu Sans,11'
}
set decimalsign kk_decimal
set label 1000 kk_source at screen 0.01, screen 0.035 left font ',9' noenhanced
set label 1001 kk_note at screen 0.01, screen 0.012 left font ',9' noenhanced
