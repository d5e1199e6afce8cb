// Lives apart from theme-toggle.tsx because that file is "use client": a string exported from
// a client module arrives in a server layout as a client reference, not as the script text.

export const THEME_STORAGE_KEY = "portcullis-theme";
export type Theme = "light" | "dark" | "system";

/**
 * Inline in <head> (`<script dangerouslySetInnerHTML={{ __html: themeScript }} />`) so the `dark`
 * class is on <html> before first paint. It also follows OS changes and other tabs while "system".
 */
export const themeScript = `(function(){try{var k=${JSON.stringify(THEME_STORAGE_KEY)},m=window.matchMedia("(prefers-color-scheme: dark)");function a(){var s=localStorage.getItem(k);document.documentElement.classList.toggle("dark",s==="dark"||(s!=="light"&&m.matches))}a();m.addEventListener("change",a);window.addEventListener("storage",function(e){if(e.key===k)a()})}catch(e){}})();`;
