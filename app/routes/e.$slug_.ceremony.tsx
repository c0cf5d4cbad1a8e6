import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { metaT, useT } from "~/modules/i18n/use-t";
import { frameAt, hashOf, keyAction, type Slide, stepOfHash, totalSteps } from "~/modules/results/ceremony";
import { loadCeremony } from "~/modules/results/ceremony.server";
import styles from "~/styles/ceremony.css";

/*
 * The ceremony screen for the forum's projector. Everything it shows comes with the page; moving
 * between steps only rewrites the address's fragment (#12), so it keeps working when the hall's
 * network drops, and a reload returns to the same step. The file name's `$slug_` keeps it out of
 * the edition page's layout: the screen stands alone.
 */

export const handle = { bare: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("ceremony.pageTitle", { edition: data.edition.name }) : "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadCeremony(request, params.slug ?? "");
}

export default function CeremonyPage() {
  const data = useLoaderData<typeof loader>();
  const slides: Slide[] = data.slides;
  const t = useT();
  const total = totalSteps(slides);
  const [step, setStep] = useState(0);
  const hashRead = useRef(false);
  const slideRef = useRef<HTMLDivElement>(null);

  // The fragment is the state: read it once loaded and whenever someone types a new one.
  useEffect(() => {
    const read = () => setStep(frameAt(slides, stepOfHash(window.location.hash)).step);
    read();
    hashRead.current = true;
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, [slides]);

  useEffect(() => {
    if (!hashRead.current) return;
    const hash = hashOf(step);
    // replaceState, not location.hash: no history entry per click and no router navigation.
    if (window.location.hash !== hash) window.history.replaceState(window.history.state, "", hash);
  }, [step]);

  const move = useCallback(
    (to: (current: number) => number) => setStep((current) => frameAt(slides, to(current)).step),
    [slides],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const action = keyAction(event.key, event.shiftKey);
      if (!action) return;
      event.preventDefault();
      if (action === "next") move((s) => s + 1);
      else if (action === "previous") move((s) => s - 1);
      else if (action === "first") move(() => 0);
      else if (action === "last") move(() => total - 1);
      else if (document.fullscreenElement) void document.exitFullscreen();
      else void document.documentElement.requestFullscreen?.().catch(() => undefined);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [move, total]);

  const frame = frameAt(slides, step);

  // Fit step: a slide whose names are too long for the screen is scaled down as a whole, with
  // every winner laid out (hidden ones too), so the layout does not jump as names appear.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the slide's element is new for each slide
  useEffect(() => {
    const el = slideRef.current;
    if (!el) return;
    const fitToScreen = () => {
      let scale = 1;
      el.style.setProperty("--fit", "1");
      while (scale > 0.5 && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) {
        scale -= 0.05;
        el.style.setProperty("--fit", scale.toFixed(2));
      }
    };
    fitToScreen();
    window.addEventListener("resize", fitToScreen);
    return () => window.removeEventListener("resize", fitToScreen);
  }, [frame.slide]);

  return (
    <div className="ceremony">
      {data.rehearsal ? (
        <div className="ceremony-rehearsal" role="status">
          {t("ceremony.rehearsal")} ·{" "}
          {t(data.source === "notice" ? "ceremony.source.notice" : "ceremony.source.tally")}
        </div>
      ) : null}
      {/* Every slide is in the page (the names are there without script); one is shown. */}
      <div className="ceremony-slides" aria-live="polite">
        {slides.map((s, i) => (
          <section
            // biome-ignore lint/suspicious/noArrayIndexKey: the slides are fixed for the page's life
            key={i}
            className={`ceremony-slide ceremony-slide--${s.kind}`}
            ref={i === frame.slide ? slideRef : undefined}
            hidden={i !== frame.slide}
            aria-label={t("ceremony.slides")}
            data-slide={i}
            data-step={i === frame.slide ? frame.step : undefined}
          >
            <SlideView
              slide={s}
              revealed={i === frame.slide ? frame.revealed : 0}
              empty={slides.length <= 2}
            />
          </section>
        ))}
      </div>
      <div
        className="ceremony-progress"
        role="progressbar"
        aria-label={t("ceremony.progress", { n: frame.step + 1, total })}
        aria-valuemin={1}
        aria-valuemax={total}
        aria-valuenow={frame.step + 1}
      >
        <div className="ceremony-progress-bar" style={{ width: `${((frame.step + 1) / total) * 100}%` }} />
      </div>
      <div className="ceremony-counter" aria-hidden="true">
        {frame.step + 1} / {total}
      </div>
      {frame.step === 0 ? <div className="ceremony-help">{t("ceremony.help")}</div> : null}
    </div>
  );
}

function Ornament() {
  return (
    <div className="ceremony-ornament" aria-hidden="true">
      <span />◆<span />
    </div>
  );
}

function SlideView({ slide, revealed, empty }: { slide: Slide; revealed: number; empty: boolean }) {
  const t = useT();
  switch (slide.kind) {
    case "title":
      return (
        <>
          <p className="ceremony-kicker">{t("ceremony.ceremony")}</p>
          <h1 className="ceremony-title">{slide.editionName}</h1>
          <Ornament />
          {slide.organizers.length > 0 ? (
            <div className="ceremony-organizers">
              <span className="ceremony-label">{t("ceremony.presentedBy")}</span>
              {slide.organizers.map((o) => (
                <span key={o}>{o}</span>
              ))}
            </div>
          ) : null}
          {slide.date ? <p className="ceremony-date">{slide.date}</p> : null}
          {empty ? <p className="ceremony-date">{t("ceremony.noAwards")}</p> : null}
        </>
      );
    case "category":
      return (
        <>
          <p className="ceremony-kicker">{t("ceremony.categoryLead", { n: slide.winnerCount })}</p>
          <h1 className="ceremony-title">{slide.categoryName}</h1>
          <Ornament />
          <p className="ceremony-tiers">{slide.tierNames.join("  ·  ")}</p>
        </>
      );
    case "tier":
      return (
        <>
          <header className="ceremony-tier-head">
            <p className="ceremony-category">{slide.categoryName}</p>
            <h1 className="ceremony-tier">
              {slide.tierName}
              {slide.pages > 1 && slide.page > 1 ? (
                <span className="ceremony-continued">
                  {t("ceremony.continued", { page: slide.page, pages: slide.pages })}
                </span>
              ) : null}
            </h1>
            <Ornament />
          </header>
          <ol className="ceremony-winners">
            {slide.winners.map((w, i) => (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: a slide's winners never reorder
                key={i}
                className={i < revealed ? "ceremony-winner is-revealed" : "ceremony-winner"}
                aria-hidden={i < revealed ? undefined : true}
              >
                <span className="ceremony-winner-name">{w.name}</span>
                <span className="ceremony-winner-unit">{w.unitName}</span>
              </li>
            ))}
          </ol>
        </>
      );
    case "closing":
      return (
        <>
          <p className="ceremony-kicker">{slide.editionName}</p>
          <h1 className="ceremony-title">{t("ceremony.closingTitle")}</h1>
          <Ornament />
          <p className="ceremony-tiers">{t("ceremony.closingThanks")}</p>
          {slide.organizers.length > 0 ? (
            <div className="ceremony-organizers">
              {slide.organizers.map((o) => (
                <span key={o}>{o}</span>
              ))}
            </div>
          ) : null}
        </>
      );
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
