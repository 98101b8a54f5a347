/** See ci.js: CI is on for any value but '', 'false' and '0'. */
export declare function ciIsOn(value?: string): boolean;
