//! The report's charts: each a function from numbers to one SVG document,
//! drawn by plotters' SVG backend. Nothing here reads a model; the report
//! hands in what to draw.

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Colours for series, networks and kinds (Tableau 10): distinct, and
/// readable on white.
const PALETTE: [RGBColor; 10] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(118, 183, 178),
    RGBColor(89, 161, 79),
    RGBColor(237, 201, 72),
    RGBColor(176, 122, 161),
    RGBColor(255, 157, 167),
    RGBColor(156, 117, 95),
    RGBColor(186, 176, 172),
];

/// The palette's grey, for the floor point every score has.
pub(crate) const GREY_SERIES: usize = 9;

/// The colour of series `i`, cycling through the palette.
pub(crate) fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The colour as CSS writes it, for legends drawn in HTML.
pub(crate) fn css_colour(i: usize) -> String {
    let RGBColor(r, g, b) = colour(i);
    format!("#{r:02x}{g:02x}{b:02x}")
}

const FONT: &str = "sans-serif";
const GREY: RGBColor = RGBColor(110, 110, 110);

/// Draws with `draw` on a `width` × `height` SVG and returns the document.
fn svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>,
) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot)?;
        draw(&root)?;
        root.present().map_err(plot)?;
    }
    Ok(out)
}

/// A plotters error as ours.
fn plot<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow!("drawing a chart: {e}")
}

/// A label cut to `max` characters, with an ellipsis when cut.
fn cut(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let mut s: String = label.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// Draws the legend of `chart`'s labelled series at `position`.
fn legend<'a>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    position: SeriesLabelPosition,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(GREY)
        .label_font((FONT, 13))
        .draw()
        .map_err(plot)?;
    Ok(())
}

/// The histogram of `scores` (1–100) in bins of two points, with vertical
/// marks at `marks` (label, value).
pub(crate) fn histogram(scores: &[f64], marks: &[(String, f64)]) -> Result<String> {
    const BIN: f64 = 2.0;
    const BINS: usize = (100.0 / BIN) as usize;
    let mut counts = [0usize; BINS];
    for &s in scores {
        let bin = (((s - 1.0).max(0.0)) / BIN) as usize;
        counts[bin.min(BINS - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.12;
    svg(900, 340, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(1.0..101.0, 0.0..top)
            .map_err(plot)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("score")
            .y_desc("users")
            .x_labels(11)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .x_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FONT, 13))
            .draw()
            .map_err(plot)?;
        chart
            .draw_series(counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(b, &c)| {
                let lo = 1.0 + b as f64 * BIN;
                Rectangle::new([(lo + 0.1, 0.0), (lo + BIN - 0.1, c as f64)], colour(0).filled())
            }))
            .map_err(plot)?;
        for (i, (label, value)) in marks.iter().enumerate() {
            let c = colour(1 + i);
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(*value, 0.0), (*value, top)], c.stroke_width(2))))
                .map_err(plot)?
                .label(format!("{label} {value:.1}"))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    })
}

/// One horizontal bar per row, best first, each split into coloured
/// segments (`(colour index, value)`); `axis` names the values. The row
/// labels are drawn left of the bars.
pub(crate) fn bars(rows: &[(String, Vec<(usize, f64)>)], axis: &str, width: u32) -> Result<String> {
    let n = rows.len().max(1);
    let longest = rows.iter().map(|(label, _)| cut(label, 22).chars().count()).max().unwrap_or(4);
    let label_area = (longest as u32 * 8 + 16).clamp(50, 200);
    let height = 60 + 24 * n as u32;
    let max = rows.iter().map(|(_, parts)| parts.iter().map(|(_, v)| v.max(0.0)).sum::<f64>()).fold(0.0, f64::max);
    let max = if max > 0.0 { max * 1.08 } else { 1.0 };
    svg(width, height, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .margin_right(24)
            .x_label_area_size(36)
            .y_label_area_size(label_area)
            .build_cartesian_2d(0.0..max, 0.0..n as f64)
            .map_err(plot)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_desc(axis)
            .x_label_formatter(&|v| number(*v))
            .label_style((FONT, 12))
            .draw()
            .map_err(plot)?;
        for (i, (label, parts)) in rows.iter().enumerate() {
            // The first row at the top.
            let y = (n - 1 - i) as f64;
            let mut x = 0.0;
            for &(c, value) in parts.iter().filter(|(_, v)| *v > 0.0) {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x, y + 0.15), (x + value, y + 0.85)],
                        colour(c).filled(),
                    )))
                    .map_err(plot)?;
                x += value;
            }
            let (px, py) = chart.backend_coord(&(0.0, y + 0.5));
            let style = TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(cut(label, 22), (px - 6, py), style)).map_err(plot)?;
        }
        Ok(())
    })
}

/// One line per series over `days` (labels on the x axis), scores 1–100;
/// `None` leaves a gap (the user had no score that day).
pub(crate) fn lines(days: &[String], series: &[(String, Vec<Option<f64>>)]) -> Result<String> {
    let last = days.len().saturating_sub(1).max(1) as f64;
    svg(900, 380, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d(0.0..last, 0.0..100.0)
            .map_err(plot)?;
        let labels = days.len().min(8);
        chart
            .configure_mesh()
            .x_labels(labels)
            .y_labels(11)
            .x_label_formatter(&|v| {
                let i = v.round() as usize;
                if (v - i as f64).abs() < 1e-9 { days.get(i).cloned().unwrap_or_default() } else { String::new() }
            })
            .y_label_formatter(&|v| format!("{v:.0}"))
            .y_desc("score")
            .label_style((FONT, 12))
            .draw()
            .map_err(plot)?;
        for (k, (name, values)) in series.iter().enumerate() {
            let c = colour(k);
            // Runs of days with a score, each drawn as one line.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (d, v) in values.iter().enumerate() {
                match v {
                    Some(s) => runs.last_mut().expect("never empty").push((d as f64, *s)),
                    None if !runs.last().expect("never empty").is_empty() => runs.push(Vec::new()),
                    None => {}
                }
            }
            let mut first = true;
            for run in runs.into_iter().filter(|r| !r.is_empty()) {
                let points = run.clone();
                let drawn = chart.draw_series(LineSeries::new(run, c.stroke_width(2)).point_size(2)).map_err(plot)?;
                if first {
                    drawn
                        .label(cut(name, 20))
                        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
                    first = false;
                }
                if points.len() == 1 {
                    chart.draw_series(points.iter().map(|p| Circle::new(*p, 3, c.filled()))).map_err(plot)?;
                }
            }
        }
        legend(&mut chart, SeriesLabelPosition::LowerRight)?;
        Ok(())
    })
}

/// Grouped vertical bars: for each of the groups on the x axis (`groups`
/// labels), one bar per series (`(name, one value per group)`).
pub(crate) fn grouped(groups: &[String], series: &[(String, Vec<f64>)], x_axis: &str, axis: &str) -> Result<String> {
    let n = groups.len().max(1);
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).filter(|v| v.is_finite()).fold(0.0, f64::max);
    let max = if max > 0.0 { max * 1.12 } else { 1.0 };
    svg(900, 340, |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..n as f64, 0.0..max)
            .map_err(plot)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .x_desc(x_axis)
            .y_desc(axis)
            .y_label_formatter(&|v| number(*v))
            .label_style((FONT, 12))
            .draw()
            .map_err(plot)?;
        let width = 0.8 / series.len().max(1) as f64;
        for (k, (name, values)) in series.iter().enumerate() {
            let c = colour(k);
            chart
                .draw_series(values.iter().enumerate().filter(|(_, v)| v.is_finite()).map(|(g, &v)| {
                    let x = g as f64 + 0.1 + k as f64 * width;
                    Rectangle::new([(x, 0.0), (x + width * 0.95, v)], c.filled())
                }))
                .map_err(plot)?
                .label(name.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], c.filled()));
        }
        for (g, label) in groups.iter().enumerate() {
            let (px, py) = chart.backend_coord(&(g as f64 + 0.5, 0.0));
            let style = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
            root.draw(&Text::new(label.clone(), (px, py + 8), style)).map_err(plot)?;
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        Ok(())
    })
}

/// A number for an axis: whole where it is large, to two places where it
/// is small.
fn number(v: f64) -> String {
    if v.abs() >= 10.0 || v == v.round() { format!("{v:.0}") } else { format!("{v:.2}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_is_an_svg_that_escapes_its_labels() {
        let hist = histogram(&[1.0, 40.0, 41.0, 63.5, 99.0, 100.0], &[(String::from("mean"), 40.0)]).unwrap();
        assert!(hist.starts_with("<svg") && hist.contains("<rect"), "{hist}");
        let rows = vec![(String::from("a<b&c"), vec![(0, 3.0), (1, 2.0)]), (String::from("d"), vec![(0, 1.0)])];
        let bar = bars(&rows, "points", 440).unwrap();
        assert!(bar.contains("a&lt;b&amp;c") && !bar.contains("a<b"), "{bar}");
        let line = lines(
            &[String::from("05-01"), String::from("05-02"), String::from("05-03")],
            &[(String::from("u"), vec![Some(10.0), None, Some(12.0)])],
        )
        .unwrap();
        assert!(line.contains("<circle") || line.contains("<polyline"), "{line}");
        let group =
            grouped(&[String::from("1"), String::from("2")], &[(String::from("s"), vec![1.0, f64::NAN])], "x", "y")
                .unwrap();
        assert!(group.contains("<rect"));
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
